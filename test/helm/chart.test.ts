import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as yaml from 'js-yaml';
import { extract } from 'tar';
import { EXAMPLES, exampleConfig, K8sObject, tempDir } from '../helpers';
import { admissionPolicyEnabled } from '../../lib/approaches/pod-csi/config/s3-claims';
import { expectSameObjects, helm, helmTemplate, objectKey, synthChart } from './helm';

/** Every leaf (string, number, boolean) of `value`, by path. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [p, v] of leaves(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`)) found.set(p, v);
    }
  } else {
    found.set(path, value);
  }
  return found;
}

function objectLeaves(objects: K8sObject[]): Map<string, unknown> {
  return new Map(objects.flatMap((o) => [...leaves(o)].map(([path, v]): [string, unknown] => [`${objectKey(o)}${path}`, v])));
}

function changedLeaves(before: K8sObject[], after: K8sObject[]): Map<string, [unknown, unknown]> {
  const a = objectLeaves(before);
  const b = objectLeaves(after);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  return new Map([...a].filter(([path, value]) => b.get(path) !== value).map(([path, value]) => [path, [value, b.get(path)]]));
}

function extractTgz(file: string): Record<string, string> {
  const dir = tempDir();
  extract({ file, cwd: dir, sync: true });
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = join(sub, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative('', path)] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return files;
}

const SCRIPT_DIGEST = 'mountpoint-s3-spark/script-sha256';

describe.each(EXAMPLES)('the Helm chart of %s', (example) => {
  const config = exampleConfig(example);
  const chart = synthChart(config);
  const chartLabel = `${chart.name}-${chart.version}`;
  let defaults: K8sObject[];
  beforeAll(() => {
    defaults = helmTemplate([chart.name, chart.tgz]);
  });

  test('helm lint --strict passes for the chart directory and the .tgz', () => {
    for (const target of [chart.dir, chart.tgz]) {
      const result = helm(['lint', '--strict', target]);
      expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.status).toBe(0);
    }
  });

  test("helm template with the default values renders the objects of manifests/*.k8s.yaml; only Helm's labels differ", () => {
    expectSameObjects(defaults, chart.manifests, chartLabel);
  });

  // A pod-csi bucket's name is in its PersistentVolume's immutable CSI attributes: fixed, not a value.
  const valueBuckets = config.buckets.filter((b) => b.mount.approach !== 'pod-csi');
  // The pod-csi example has none; its bucket is checked in chart-conventions.test.ts.
  if (valueBuckets.length > 0) {
    test.each(valueBuckets.map((b) => [b.name, b.bucket]))(
      '--set buckets.%s.bucket changes that bucket everywhere it appears, and nothing else',
      (name, bucket) => {
        const other = 'other-bucket-name';
        const changed = changedLeaves(defaults, helmTemplate([chart.name, chart.tgz, '--set', `buckets.${name}.bucket=${other}`]));
        const everywhere = [...objectLeaves(defaults)].filter(([, v]) => typeof v === 'string' && v.includes(bucket)).map(([p]) => p);
        expect(everywhere.length).toBeGreaterThan(0);
        for (const path of everywhere) expect(changed.has(path)).toBe(true);
        for (const [path, [before, after]] of changed) {
          if (path.endsWith(`.${SCRIPT_DIGEST}`)) {
            const script = [...changed].find(([p]) => p.endsWith('.data.mount-s3.sh'));
            expect(after).toBe(createHash('sha256').update(String(script?.[1][1])).digest('hex'));
          } else {
            expect([path, after]).toEqual([path, String(before).split(bucket).join(other)]);
          }
        }
      },
    );
  }

  const firstBucket = config.buckets[0].name;
  test.each([
    ['cluster.region=Mars', 'cluster.region: Does not match pattern'],
    [`buckets.${firstBucket}.mount.path=relative/path`, `buckets.${firstBucket}.mount.path: Does not match pattern '^/'`],
    ['unknownKey=1', 'Additional property unknownKey is not allowed'],
  ])('helm template --set %s fails with the schema error', (assignment, error) => {
    const result = helm(['template', chart.name, chart.tgz, '--set', assignment]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("values don't meet the specifications of the schema");
    expect(result.stderr).toContain(error);
  });

  test('helm package of the chart directory gives the same chart as our .tgz', () => {
    const destination = tempDir();
    const result = helm(['package', chart.dir, '--destination', destination]);
    expect(result.status).toBe(0);
    const theirs = extractTgz(join(destination, `${chartLabel}.tgz`));
    const ours = extractTgz(chart.tgz);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const [path, text] of Object.entries(ours)) {
      // helm package writes Chart.yaml from its own struct: same content, its own layout.
      if (path.endsWith('/Chart.yaml')) expect(yaml.load(text)).toEqual(yaml.load(theirs[path]));
      else expect([path, text]).toEqual([path, theirs[path]]);
    }
  });

  test('helm show chart reads the .tgz: version, appVersion (the Mountpoint release) and kubeVersion', () => {
    const result = helm(['show', 'chart', chart.tgz]);
    expect(result.status).toBe(0);
    expect(yaml.load(result.stdout)).toMatchObject({
      apiVersion: 'v2',
      name: chart.name,
      version: chart.version,
      appVersion: config.mountpoint.version,
      // The admission policy's admissionregistration.k8s.io/v1 exists from 1.30 on.
      kubeVersion: admissionPolicyEnabled(config) ? '>=1.30.0-0' : '>=1.28.0-0',
    });
  });
});

describe('the Helm chart', () => {
  test('multi-team: a bucket value reaches the DaemonSet script and its digest, and the SparkApplication arguments and conf', () => {
    const chart = synthChart(exampleConfig('multi-team.yaml'));
    const before = helmTemplate([chart.name, chart.tgz]);
    const after = helmTemplate([chart.name, chart.tgz, '--set', 'buckets.scratch.bucket=other-scratch']);
    expect([...changedLeaves(before, after).keys()].sort()).toEqual([
      'ConfigMap mountpoint-s3/mountpoint-s3.data.mount-s3.sh',
      `DaemonSet mountpoint-s3/mountpoint-s3.spec.template.metadata.annotations.${SCRIPT_DIGEST}`,
      'ScheduledSparkApplication analytics/daily-revenue.spec.template.arguments[5]',
      'ScheduledSparkApplication analytics/daily-revenue.spec.template.sparkConf.spark.eventLog.dir',
    ]);
  });

  test('a config that verifies Mountpoint by sha256 gets those digests as values, and still renders the bundle', () => {
    const config = exampleConfig('node-daemonset.yaml');
    config.mountpoint.sha256 = { x86_64: 'a'.repeat(64), arm64: 'b'.repeat(64) };
    const chart = synthChart(config);
    expect(yaml.load(readFileSync(join(chart.dir, 'values.yaml'), 'utf8'))).toMatchObject({
      mountpoint: { sha256: { x86_64: 'a'.repeat(64), arm64: 'b'.repeat(64) } },
    });
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
    const script = helmTemplate([chart.name, chart.tgz, '--set', `mountpoint.sha256.arm64=${'c'.repeat(64)}`]).find(
      (o) => o.kind === 'ConfigMap',
    )?.data['mount-s3.sh'];
    expect(script).toContain(`MOUNTPOINT_SHA256_ARM64='${'c'.repeat(64)}'`);
  });
});
