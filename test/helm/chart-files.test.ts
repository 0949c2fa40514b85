import { gunzipSync } from 'node:zlib';
import * as yaml from 'js-yaml';
import { notesTxt } from '../../lib/helm/chart-files';
import { kubeVersionConstraint } from '../../lib/helm/kube-version';
import { CHART_VALUE_FIELDS, chartValues } from '../../lib/helm/values';
import { synthesize } from '../../lib/synth/synthesize';
import { EXAMPLES, exampleConfig } from '../helpers';

describe('Chart.yaml kubeVersion', () => {
  test('is the 1.28 baseline for the objects synthesized today', () => {
    expect(kubeVersionConstraint([{ apiVersion: 'apps/v1', kind: 'DaemonSet' }])).toBe('>=1.28.0-0');
  });

  test('follows the newest minimum of any object (ValidatingAdmissionPolicy: 1.30)', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace' },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy' },
    ];
    expect(kubeVersionConstraint(objects)).toBe('>=1.30.0-0');
  });
});

describe('chart values', () => {
  test.each(EXAMPLES)('every value of %s is documented by the config schema', (example) => {
    for (const value of chartValues(exampleConfig(example))) {
      expect([value.configPath, value.schema.description]).toEqual([value.configPath, expect.stringMatching(/\S/)]);
    }
  });

  test('lists become maps keyed by name: buckets[1].bucket is buckets.ml-libs.bucket', () => {
    const value = chartValues(exampleConfig('multi-team.yaml')).find((v) => v.configPath === 'buckets[1].bucket');
    expect(value).toMatchObject({ key: ['buckets', 'ml-libs', 'bucket'], value: 'acme-ml-libraries', type: 'string' });
  });

  test('every field of CHART_VALUE_FIELDS is a config field', () => {
    // chartValues walks the schema along each field and throws at a name it does not know.
    expect(() => chartValues(exampleConfig('multi-team.yaml'))).not.toThrow();
    expect(CHART_VALUE_FIELDS.length).toBeGreaterThan(0);
  });

  test('a field absent from the config gives no value, and so no key in values.yaml', () => {
    const files = synthesize(exampleConfig('node-daemonset.yaml'));
    const values = yaml.load(String(files.get('helm/spark-s3-jars/values.yaml'))) as Record<string, any>;
    expect(values.mountpoint.sha256).toBeUndefined();
    expect(values.buckets.jars.region).toBeUndefined();
    expect(values.buckets.jars.bucket).toBe('my-spark-jars');
  });
});

describe('the chart files', () => {
  const config = exampleConfig('multi-team.yaml');
  const files = synthesize(config);
  const chart = (path: string) => String(files.get(`helm/spark-platform/${path}`));

  test('the .tgz is byte-identical across runs, with no time stamp in its gzip header', () => {
    const again = synthesize(exampleConfig('multi-team.yaml'));
    const tgz = files.get('helm/spark-platform-1.4.0.tgz') as Buffer;
    expect(Buffer.isBuffer(tgz)).toBe(true);
    expect(tgz.equals(again.get('helm/spark-platform-1.4.0.tgz') as Buffer)).toBe(true);
    expect(tgz.readUInt32LE(4)).toBe(0);
    expect(gunzipSync(tgz).length % 512).toBe(0);
  });

  test("Chart.yaml: apiVersion v2, the config's name and version, Mountpoint as appVersion, maintainers when configured", () => {
    const withMaintainers = exampleConfig('multi-team.yaml');
    withMaintainers.chart.maintainers = [{ name: 'Platform team', email: 'platform@example.com' }];
    withMaintainers.chart.home = 'https://example.com/spark-platform';
    const chartYaml = yaml.load(String(synthesize(withMaintainers).get('helm/spark-platform/Chart.yaml')));
    expect(chartYaml).toMatchObject({
      apiVersion: 'v2',
      name: 'spark-platform',
      version: '1.4.0',
      appVersion: '1.23.0',
      kubeVersion: '>=1.30.0-0', // the multi-team example's pod-csi admission policy
      description: config.chart.description,
      home: 'https://example.com/spark-platform',
      maintainers: [{ name: 'Platform team', email: 'platform@example.com' }],
    });
    expect(yaml.load(chart('Chart.yaml'))).not.toHaveProperty('maintainers');
  });

  test('values.yaml describes each field with its config path where it first occurs, and only there', () => {
    const values = chart('values.yaml');
    expect(values).toContain('    # S3 bucket name. (config: buckets[0].bucket)\n    bucket: ');
    expect(values).toContain('\n    bucket: acme-ml-libraries\n');
    expect(values.match(/# S3 bucket name\./g)).toHaveLength(1);
    expect(values).toContain('# A field of every bucket, team or application is described where it first occurs.');
  });

  test('values.yaml of a chart whose fields each occur once has no note about repeated fields', () => {
    const single = String(synthesize(exampleConfig('node-daemonset.yaml')).get('helm/spark-s3-jars/values.yaml'));
    expect(single).toContain('# S3 bucket name. (config: buckets[0].bucket)\n');
    expect(single).not.toContain('described where it first occurs');
  });

  test('values.schema.json carries the config schema of each field, without ajv-only keywords', () => {
    const schema = JSON.parse(chart('values.schema.json'));
    expect(schema.additionalProperties).toBe(false);
    const resolve = (node: any) => (node.$ref ? schema.definitions[node.$ref.replace('#/definitions/', '')] : node);
    const path = resolve(resolve(resolve(schema.properties.buckets).properties.scratch).properties.mount.properties.path);
    expect(path.allOf[0]).toEqual({ pattern: '^/' });
    expect(chart('values.schema.json')).not.toMatch(/errorMessage|"default"/);
  });

  test("values.schema.json writes each field's schema once, and items of the same fields share one schema", () => {
    const schema = JSON.parse(chart('values.schema.json'));
    expect(schema.definitions['buckets.bucket']).toMatchObject({ type: 'string', description: 'S3 bucket name.' });
    expect(chart('values.schema.json').match(/"description": "S3 bucket name\."/g)).toHaveLength(1);
    const apps = Object.values(schema.properties.sparkApplications.properties);
    expect(apps).toEqual(config.sparkApplications.map(() => ({ $ref: '#/definitions/sparkApplications-item' })));
  });

  test('the README says what is fixed at synth time and tables every field once, whatever the number of items', () => {
    const readme = chart('README.md');
    expect(readme).toContain('Which teams, buckets, node pools and Spark applications exist');
    // Three buckets: the pod-csi bucket's name is fixed at synth time (its PersistentVolume cannot change it).
    expect(readme).toContain('| `buckets.<name>.bucket` | string | differs by item (3 items), see values.yaml | S3 bucket name. |');
    expect(readme.match(/S3 bucket name\./g)).toHaveLength(1);
  });

  test('the README gives a field its default when every item has the same one, and a lone item its own key', () => {
    expect(chart('README.md')).toContain('| `cluster.region` | string | `"eu-west-1"` |');
    const single = String(synthesize(exampleConfig('node-daemonset.yaml')).get('helm/spark-s3-jars/README.md'));
    expect(single).toContain('| `buckets.jars.bucket` | string | `"my-spark-jars"` | S3 bucket name. |');
  });

  test('NOTES.txt of a platform of many teams has one line per kind, and one command for all Spark applications', () => {
    const namespaces = Array.from({ length: 30 }, (_, i) => ({ kind: 'Namespace', metadata: { name: `team-${i}` } }));
    const notes = notesTxt([{ id: 'teams', objects: namespaces }]);
    expect(notes).toContain('  30 Namespace objects: team-0 … team-29\n');
    expect(notes).not.toContain('  Namespace team-1\n');
    const apps = Array.from({ length: 21 }, (_, i) => ({ kind: 'SparkApplication', metadata: { name: `etl-${i}`, namespace: 'a' } }));
    expect(notesTxt([{ id: 'apps', objects: apps }])).toContain(
      'kubectl get sparkapplications,scheduledsparkapplications -A -l app.kubernetes.io/part-of=mountpoint-s3-spark',
    );
  });

  test('NOTES.txt lists what was installed and how to check the mounts', () => {
    const notes = chart('templates/NOTES.txt');
    expect(notes).toContain('  DaemonSet mountpoint-s3/mountpoint-s3');
    expect(notes).toContain('kubectl -n mountpoint-s3 rollout status daemonset/mountpoint-s3');
    expect(notes).toContain('kubectl -n analytics describe scheduledsparkapplication daily-revenue');
    expect(notes).toContain('kubectl -n ds-spark describe sparkapplication churn-model');
  });
});
