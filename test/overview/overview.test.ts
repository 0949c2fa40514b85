import { MOUNT_APPROACHES } from '../../lib/config/schema';
import { MOUNT_APPROACH_MODULES } from '../../lib/approaches/registry';
import { OVERVIEW_PATH, renderOverview } from '../../lib/overview/overview';
import { synthesize } from '../../lib/synth/synthesize';
import { EXAMPLES, exampleConfig } from '../helpers';

/** The markdown of one `## ` section, from its heading to the next. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Every table of a piece of markdown, as rows of cells keyed by the header. */
function tables(markdown: string): Record<string, string>[][] {
  const blocks = markdown.split('\n\n').filter((block) => block.trim().startsWith('| '));
  return blocks.map((block) => {
    const [header, , ...rows] = block
      .trim()
      .split('\n')
      .map((line) => line.slice(2, -2).split(' | '));
    return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
  });
}

/** The mermaid flowchart as node labels and the labels each node leads to. */
function flowchart(markdown: string): Map<string, string[]> {
  const block = /```mermaid\nflowchart LR\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error('no mermaid flowchart');
  const labels = new Map<string, string>();
  const edges = new Map<string, string[]>();
  for (const line of block[1]
    .trim()
    .split('\n')
    .map((l) => l.trim())) {
    const node = /^(\w+)[[(]+"(.*)"[\])]+$/.exec(line);
    const edge = /^(\w+) --> (\w+)$/.exec(line);
    if (node) labels.set(node[1], node[2]);
    else if (edge) edges.set(edge[1], [...(edges.get(edge[1]) ?? []), edge[2]]);
    else throw new Error(`unexpected mermaid line: ${line}`);
  }
  const graph = new Map<string, string[]>();
  for (const [id, label] of labels)
    graph.set(
      label,
      (edges.get(id) ?? []).map((to) => labels.get(to)!),
    );
  return graph;
}

function reachable(graph: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (label: string) => {
    for (const next of graph.get(label) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(from);
  return seen;
}

describe('OVERVIEW.md', () => {
  const config = exampleConfig('multi-team.yaml');
  const overview = renderOverview(config);

  test.each(EXAMPLES)('is written with every synth (examples/%s)', (example) => {
    expect(synthesize(exampleConfig(example)).get(OVERVIEW_PATH)).toMatch(/^# /);
  });

  test('lists each team bucket with its S3 bucket, prefix, approach and mount path', () => {
    const [buckets] = tables(section(overview, 'Team data-science'));
    expect(buckets).toEqual([
      {
        bucket: 'shared-jars',
        'S3 bucket': 'acme-spark-shared-jars',
        prefix: 'releases/2026-11/',
        approach: 'node DaemonSet',
        'mount path': '/mnt/s3/shared-jars',
        access: 'read-only',
      },
      {
        bucket: 'ml-libs',
        'S3 bucket': 'acme-ml-libraries',
        prefix: '(all)',
        approach: 'node DaemonSet',
        'mount path': '/mnt/s3/ml-libs',
        access: 'read-only',
      },
      {
        bucket: 'udfs',
        'S3 bucket': 'acme-spark-udfs',
        prefix: 'approved/',
        approach: 'CSI PersistentVolume',
        'mount path': '/mnt/s3/udfs',
        access: 'read-only',
      },
    ]);
  });

  test("lists each team's applications and where its pods run", () => {
    const team = section(overview, 'Team analytics');
    const [, applications] = tables(team);
    expect(applications).toEqual([
      {
        application: 'daily-revenue',
        type: 'Scala',
        runs: '`0 2 * * *` Europe/Berlin',
        'main file': 'analytics/daily-revenue_2.12-3.1.0.jar',
        jars: 'hadoop-aws-3.3.4.jar, aws-java-sdk-bundle-1.12.262.jar',
      },
    ]);
    expect(team).toContain('Nodes: `workload=spark-analytics`, tolerates `dedicated=spark-analytics:NoSchedule`.');
    expect(team).toContain('Namespace `analytics`, service account `spark`');
  });

  test('the diagram leads each bucket through its approach and the team namespaces to exactly their applications', () => {
    const graph = flowchart(overview);
    expect(graph.get('s3://acme-ml-libraries/')).toEqual(['DaemonSet mountpoint-s3/mountpoint-s3 mounts /mnt/s3/ml-libs on the node']);
    expect([...reachable(graph, 's3://acme-ml-libraries/')].filter((label) => graph.get(label)?.length === 0)).toEqual(['churn-model']);
    expect(reachable(graph, 's3://acme-spark-shared-jars/releases/2026-11/')).toEqual(
      new Set([
        'DaemonSet mountpoint-s3/mountpoint-s3 mounts /mnt/s3/shared-jars on the node',
        'namespace analytics',
        'namespace ds-spark',
        'daily-revenue',
        'churn-model',
      ]),
    );
  });

  test('says which Spark operator the applications need and points to its Helm values', () => {
    expect.hasAssertions();
    const operator = section(overview, 'Spark operator');
    expect(operator).toContain('kubeflow/spark-operator 2.1.0 or later');
    expect(operator).toContain('Install it with `spark-operator-values.yaml`: it watches `analytics`, `ds-spark`');
  });

  test('lists the apply order stages', () => {
    expect(tables(section(overview, 'Apply order'))[0].map((row) => row.wave)).toEqual(['0', '1', '2']);
  });

  test('is the same text for the same config', () => {
    expect(renderOverview(exampleConfig('multi-team.yaml'))).toBe(overview);
  });

  test('every mount approach has its own name in the tables', () => {
    const names = MOUNT_APPROACHES.map((approach) => MOUNT_APPROACH_MODULES[approach].title);
    expect(new Set(names).size).toBe(MOUNT_APPROACHES.length);
  });
});

describe('OVERVIEW.md of teams on Karpenter node pools', () => {
  const overview = renderOverview(exampleConfig('node-userdata.yaml'));

  test('gives the placement the Spark pods really get: the pool, its labels and its taint', () => {
    expect(overview).toContain(
      'Nodes: node pool `spark-arm64-on-demand`, `workload=spark`, `karpenter.sh/nodepool=spark-arm64-on-demand`, ' +
        'tolerates `spark.mountpoint-s3/pool=spark-arm64-on-demand:NoSchedule`.',
    );
  });
});

describe('which Mountpoint the overview names', () => {
  test('says mountpoint.version does not apply to pod-csi buckets, whose Mountpoint the CSI driver bundles', () => {
    expect.hasAssertions();
    const overview = renderOverview(exampleConfig('pod-csi.yaml'));
    expect(overview).toContain(
      '- pod-csi buckets: the Mountpoint bundled with the Mountpoint S3 CSI driver (1.22.3 in driver v2.7.0); `mountpoint.version` does not apply to them.',
    );
    expect(overview).not.toContain('Node-level buckets');
  });

  test('names the pinned version and its source for node-level buckets', () => {
    expect.hasAssertions();
    expect(renderOverview(exampleConfig('node-daemonset.yaml'))).toContain(
      '- Node-level buckets: Mountpoint 1.23.0 (`mountpoint.version`), installed on each node from the signed release rpm.',
    );
  });
});
