import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { defaultConfigData, exampleConfig, problemsOf, runCli, startsWith, tempDir } from '../helpers';
import { helm, helmTemplate, synthChart } from './helm';

const VERSION_LABEL = 'app.kubernetes.io/version';

describe('the version label', () => {
  test('is the Mountpoint version in label-safe form, whatever the chart version (Flux: 1.2.3+abc)', () => {
    expect.hasAssertions();
    const config = exampleConfig('multi-team.yaml');
    config.chart.version = '1.2.3+abc';
    config.mountpoint.version = '1.23.0+build.7';
    const chart = synthChart(config);
    const objects = helmTemplate([chart.name, chart.tgz]);
    expect(new Set(objects.map((o) => o.metadata.labels?.[VERSION_LABEL]))).toEqual(new Set(['1.23.0_build.7']));
    expect(new Set(chart.manifests.map((o) => o.metadata.labels?.[VERSION_LABEL]))).toEqual(new Set(['1.23.0_build.7']));
  });

  test('helm template of a chart versioned 1.2.3+abc passes check', () => {
    expect.hasAssertions();
    const config = exampleConfig('multi-team.yaml');
    config.chart.version = '1.2.3+abc';
    const chart = synthChart(config);
    const rendered = helm(['template', chart.name, chart.tgz]);
    const file = join(tempDir(), 'rendered.yaml');
    writeFileSync(file, rendered.stdout);
    const result = runCli(['check', file, '--kubernetes-version', '1.31']);
    expect([result.status, result.stdout]).toEqual([0, expect.any(String)]);
  });
});

describe('the helm.sh/chart label', () => {
  test('is a valid label value for the longest chart names: cut to 63 characters, never ending in "." or "-"', () => {
    expect.hasAssertions();
    const config = exampleConfig('node-daemonset.yaml');
    // 58 + "-0.1.0" is 64 characters: cut at 63, the label would end in "0.1.".
    config.chart.name = 'a'.repeat(58);
    const chart = synthChart(config);
    const labels = new Set(helmTemplate(['release', chart.tgz]).map((o) => o.metadata.labels?.['helm.sh/chart']));
    expect(labels).toEqual(new Set([`${'a'.repeat(58)}-0.1`]));
  });
});

describe('Chart.yaml maintainers', () => {
  test.each([
    [{ name: 'Platform team', email: 'platform-team@example.com', url: 'https://example.com/teams/platform' }],
    [{ name: "O'Neil", email: "o'neil+spark.jobs@data.example.co.uk", url: 'http://git.example.com:8080/a%20b/c_(d)?q=1&r=x#top' }],
  ])('a maintainer the config accepts passes helm lint --strict: %j', (maintainer) => {
    expect.hasAssertions();
    const config = exampleConfig('node-daemonset.yaml');
    config.chart.maintainers = [maintainer];
    const result = helm(['lint', '--strict', synthChart(config).dir]);
    expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  test.each([
    ['email', 'platform@localhost'],
    ['email', 'a"b@example.com'],
    ['url', 'https://['],
    ['url', 'https://example.com/%zz'],
  ])('a maintainer %s that helm lint refuses (%s) is refused by the config', (field, text) => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.chart.maintainers = [{ name: 'x', [field]: text }];
    expect(problemsOf(data)).toEqual([expect.stringMatching(startsWith(`chart.maintainers[0].${field}: `))]);
  });
});

describe('as a dependency of an umbrella chart', () => {
  /** An umbrella chart with ours in charts/, as `helm dependency build` leaves it. */
  function umbrella() {
    const chart = synthChart(exampleConfig('multi-team.yaml'));
    const dir = join(tempDir(), 'platform');
    mkdirSync(join(dir, 'charts'), { recursive: true });
    copyFileSync(chart.tgz, join(dir, 'charts', `${chart.name}-${chart.version}.tgz`));
    writeFileSync(
      join(dir, 'Chart.yaml'),
      yaml.dump({
        apiVersion: 'v2',
        name: 'platform',
        version: '1.0.0',
        dependencies: [{ name: chart.name, version: chart.version, repository: `file://../${chart.name}` }],
      }),
    );
    writeFileSync(
      join(dir, 'values.yaml'),
      yaml.dump({ global: { environment: 'prod' }, [chart.name]: { buckets: { scratch: { bucket: 'prod-scratch' } } } }),
    );
    return { dir, chart };
  }

  test('lints: values.schema.json accepts the global values Helm passes down', () => {
    expect.hasAssertions();
    const { dir } = umbrella();
    const result = helm(['lint', '--strict', dir]);
    expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  test('templates every object of the chart, with the values the umbrella sets', () => {
    expect.hasAssertions();
    const { dir, chart } = umbrella();
    const objects = helmTemplate(['platform', dir, '--set', 'global.region=eu-west-1']);
    expect(objects.length).toBe(chart.manifests.length);
    expect(JSON.stringify(objects)).toContain('prod-scratch');
  });
});

describe('two versions of the chart in one umbrella chart (aliases)', () => {
  test("each renders its own scripts: Helm's named templates are global, so ours are named per chart version", () => {
    expect.hasAssertions();
    const readOnly = exampleConfig('node-daemonset.yaml');
    const readWrite = exampleConfig('node-daemonset.yaml');
    readWrite.chart.version = '0.2.0';
    readWrite.buckets[0].readOnly = false;
    readWrite.buckets[0].mount.cache.enabled = false;
    readWrite.sparkApplications = [];
    const charts = [synthChart(readOnly), synthChart(readWrite)];
    const dir = join(tempDir(), 'platform');
    mkdirSync(join(dir, 'charts'), { recursive: true });
    charts.forEach((chart) => copyFileSync(chart.tgz, join(dir, 'charts', `${chart.name}-${chart.version}.tgz`)));
    const aliases = ['read-only', 'read-write'];
    const dependencies = charts.map((chart, i) => ({
      name: chart.name,
      version: chart.version,
      alias: aliases[i],
      repository: `file://../${aliases[i]}`,
    }));
    writeFileSync(join(dir, 'Chart.yaml'), yaml.dump({ apiVersion: 'v2', name: 'platform', version: '1.0.0', dependencies }));
    // Both releases' objects have the same names; telling them apart by the template they came from.
    const rendered = helm(['template', 'platform', dir]).stdout.split(/^---$/m);
    const scripts = aliases.map(
      (alias) => rendered.find((doc) => doc.includes(`# Source: platform/charts/${alias}/`) && doc.includes('kind: ConfigMap')) ?? '',
    );
    const mountArgs = (doc: string) =>
      (yaml.load(doc.replace(/^# Source:.*$/m, '')) as any).data['mount-s3.sh'].match(/MOUNT_S3_ARGS=\(.*\)/)[0];
    const expected = charts.map((chart) => mountArgs(yaml.dump(chart.manifests.find((o) => o.kind === 'ConfigMap'))));
    expect(scripts.map(mountArgs)).toEqual(expected);
    expect(expected[0]).not.toEqual(expected[1]);
  });
});

describe('helm uninstall', () => {
  test('keeps every Namespace (helm.sh/resource-policy: keep); no other object carries it', () => {
    expect.hasAssertions();
    const chart = synthChart(exampleConfig('multi-team.yaml'));
    const objects = helmTemplate([chart.name, chart.tgz]);
    const kept = objects.filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] === 'keep').map((o) => o.kind);
    expect(kept.length).toBeGreaterThan(1);
    expect(new Set(kept)).toEqual(new Set(['Namespace']));
    expect(objects.filter((o) => o.kind === 'Namespace').length).toBe(kept.length);
  });
});

describe('helm upgrade', () => {
  const config = exampleConfig('pod-csi.yaml');
  const chart = synthChart(config);
  const values = yaml.load(readFileSync(join(chart.dir, 'values.yaml'), 'utf8')) as any;

  test("no value reaches a pod-csi PersistentVolume's immutable CSI attributes: the bucket and cache size are fixed", () => {
    expect.hasAssertions();
    expect(values.buckets.jars).not.toHaveProperty('bucket');
    expect(values.buckets.jars.mount).not.toHaveProperty('cache');
    const result = helm(['template', chart.name, chart.tgz, '--set', 'buckets.jars.bucket=other-bucket']);
    expect(result.stderr).toContain('Additional property bucket is not allowed');
  });

  test('a value of a mutable PersistentVolume field (mount options) changes it in place: same PV and PVC names, same CSI attributes', () => {
    expect.hasAssertions();
    const volumes = (objects: ReturnType<typeof helmTemplate>) =>
      objects.filter((o) => o.kind === 'PersistentVolume' || o.kind === 'PersistentVolumeClaim');
    const before = volumes(helmTemplate([chart.name, chart.tgz]));
    const after = volumes(helmTemplate([chart.name, chart.tgz, '--set', 'buckets.jars.mount.metadataTtl=minimal']));
    expect(after.map((o) => [o.kind, o.metadata.name, o.spec.csi])).toEqual(before.map((o) => [o.kind, o.metadata.name, o.spec.csi]));
    const pv = after.find((o) => o.kind === 'PersistentVolume');
    expect(pv?.spec.mountOptions).toContain('metadata-ttl minimal');
  });
});

describe('the usual chart settings', () => {
  const chart = synthChart(exampleConfig('multi-team.yaml'));
  const daemonSet = (objects: ReturnType<typeof helmTemplate>) => objects.find((o) => o.kind === 'DaemonSet')?.spec.template.spec;

  test('commonLabels label every object of the release', () => {
    expect.hasAssertions();
    const objects = helmTemplate([
      chart.name,
      chart.tgz,
      '--set',
      'commonLabels.cost-center=spark',
      '--set',
      'commonLabels.example\\.com/team=platform',
    ]);
    expect(
      objects.filter((o) => o.metadata.labels?.['cost-center'] !== 'spark' || o.metadata.labels?.['example.com/team'] !== 'platform'),
    ).toEqual([]);
  });

  test.each([
    ['the schema', []],
    ['the templates', ['--skip-schema-validation']],
  ])('commonLabels cannot replace a label the chart sets (checked by %s)', (_, flags) => {
    expect.hasAssertions();
    const result = helm(['template', chart.name, chart.tgz, ...flags, '--set', 'commonLabels.app\\.kubernetes\\.io/name=other']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/commonLabels/);
  });

  test.each([
    ['a list', '[1]'],
    ['a string', '"app=spark"'],
    ['a number', '7'],
  ])('commonLabels that are %s are refused by the templates with a message naming commonLabels', (_, json) => {
    expect.hasAssertions();
    const result = helm(['template', chart.name, chart.tgz, '--skip-schema-validation', '--set-json', `commonLabels=${json}`]);
    expect(result.stderr).toContain('commonLabels: must be a map of labels');
  });

  test('the DaemonSet image, resources and priorityClassName are values', () => {
    expect.hasAssertions();
    const spec = daemonSet(
      helmTemplate([
        chart.name,
        chart.tgz,
        '--set',
        'nodeDaemonSet.image=registry.example.com/tools/debian:12',
        '--set',
        'nodeDaemonSet.resources.requests.cpu=50m',
        '--set',
        'nodeDaemonSet.resources.limits.memory=256Mi',
        '--set',
        'nodeDaemonSet.priorityClassName=platform-critical',
      ]),
    );
    expect(spec.priorityClassName).toBe('platform-critical');
    expect(spec.containers[0].image).toBe('registry.example.com/tools/debian:12');
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '256Mi' } });
  });

  test("the DaemonSet nodeSelector and tolerations are values; tolerations add to the config's", () => {
    expect.hasAssertions();
    const defaults = daemonSet(helmTemplate([chart.name, chart.tgz]));
    const file = join(tempDir(), 'values.yaml');
    const extra = { key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
    writeFileSync(file, yaml.dump({ nodeDaemonSet: { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [extra] } }));
    const spec = daemonSet(helmTemplate([chart.name, chart.tgz, '-f', file]));
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.tolerations).toEqual([...defaults.tolerations, extra]);
    expect(defaults.tolerations.length).toBeGreaterThan(0);
  });

  test('DaemonSet scheduling values of the wrong kind are refused by the templates too', () => {
    expect.hasAssertions();
    const result = helm([
      'template',
      chart.name,
      chart.tgz,
      '--skip-schema-validation',
      '--set-string',
      'nodeDaemonSet.tolerations=x\n- {key: evil}',
    ]);
    expect(result.stderr).toContain('nodeDaemonSet.tolerations: must be a list of tolerations');
  });

  test('a metadata TTL may be an integer (--set without --set-string, or a number in a values file)', () => {
    expect.hasAssertions();
    const script = helmTemplate([chart.name, chart.tgz, '--set', 'buckets.ml-libs.mount.metadataTtl=600']).find(
      (o) => o.kind === 'ConfigMap',
    )?.data['mount-s3.sh'];
    expect(script).toContain("'--metadata-ttl' '600'");
  });
});
