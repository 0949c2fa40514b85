import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import PostalMime from 'postal-mime';
import { checkName, valueChecksTpl } from '../../lib/helm/value-checks';
import { chartValues } from '../../lib/helm/values';
import { USERDATA_BOUNDARY } from '../../lib/approaches/node-userdata/config/pool-userdata';
import { exampleConfig, tempDir } from '../helpers';
import { FSTAB, useSandboxes } from '../scripts/harness';
import { helm, helmTemplate, synthChart } from './helm';

// The chart of the node-userdata example: one bucket (jars) mounted by userData on two pools.
const chart = synthChart(exampleConfig('node-userdata.yaml'));
const BUCKET_FIELDS = 'buckets.jars';

/** `helm template` with schema validation off and `dotted.key=value` from a values file: the templates alone must hold. */
function renderUnchecked(assignment: string) {
  const split = assignment.indexOf('=');
  const values: Record<string, unknown> = {};
  const keys = assignment.slice(0, split).split('.');
  keys.slice(0, -1).reduce<Record<string, any>>((node, key) => (node[key] = {}), values)[keys[keys.length - 1]] = assignment.slice(
    split + 1,
  );
  return renderWithValues(values);
}

function renderWithValues(values: unknown) {
  const file = join(tempDir(), 'values.yaml');
  writeFileSync(file, yaml.dump(values));
  return helm(['template', chart.name, chart.tgz, '--skip-schema-validation', '-f', file]);
}

/** The userData of every EC2NodeClass of a rendering, parsed as cloud-init does. */
async function userDataParts(objects: ReturnType<typeof helmTemplate>) {
  const classes = objects.filter((o) => o.kind === 'EC2NodeClass');
  return Promise.all(classes.map(async (o) => (await PostalMime.parse(o.spec.userData as string)).attachments));
}

describe('hostile values with --skip-schema-validation are refused by the templates themselves', () => {
  test.each([
    [
      'a mount path with a newline and the MIME boundary (a second userData part)',
      `${BUCKET_FIELDS}.mount.path=/mnt/x\n--${USERDATA_BOUNDARY}\nContent-Type: text/x-shellscript\n\n#!/bin/sh\ntouch /PWNED`,
      `${BUCKET_FIELDS}.mount.path: must not contain control characters`,
    ],
    [
      'a region with a newline and spaces (a second fstab line)',
      'cluster.region=us-west-2 0 0\ns3://evil/ /etc/cron.d mount-s3 rw',
      'cluster.region: must not contain control characters',
    ],
    [
      'a region with spaces (more fstab fields)',
      'cluster.region=us-west-2 /etc/cron.d',
      'cluster.region: must be an AWS region such as us-west-2',
    ],
    [
      'a metadata TTL that adds mount options',
      `${BUCKET_FIELDS}.mount.metadataTtl=indefinite,allow-delete,uid=0`,
      `${BUCKET_FIELDS}.mount.metadataTtl: must be a number of seconds`,
    ],
    [
      'a bucket that leaves its shell quotes',
      `${BUCKET_FIELDS}.bucket=x'; touch /tmp/pwned; echo '`,
      `${BUCKET_FIELDS}.bucket: an S3 bucket name may contain only`,
    ],
    ['a NUL in a prefix', `${BUCKET_FIELDS}.prefix=jars/\u0001x/`, `${BUCKET_FIELDS}.prefix: must not contain control characters`],
    [
      'a YAML line separator in a prefix (U+2028, not a control character)',
      `${BUCKET_FIELDS}.prefix=jars/\u2028x/`,
      `${BUCKET_FIELDS}.prefix: must not contain control characters such as a newline, nor U+0085, U+2028 or U+2029`,
    ],
    [
      'a NEL in a region',
      'cluster.region=us-west-2\u0085x',
      'cluster.region: must not contain control characters such as a newline, nor U+0085',
    ],
    ['a template action in a version', 'mountpoint.version={{ fail "x" }}', 'mountpoint.version: must be a semantic version'],
  ])('%s', (_, assignment, message) => {
    expect.hasAssertions();
    const result = renderUnchecked(assignment);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Error: execution error at \([^)]+\): /);
    expect(result.stderr).toContain(message);
  });

  test('an integer value that is not a whole number is refused, not truncated', () => {
    expect.hasAssertions();
    const result = renderWithValues({ buckets: { jars: { mount: { cache: { maxSizeMiB: 1.5 } } } } });
    expect(result.stderr).toContain(`${BUCKET_FIELDS}.mount.cache.maxSizeMiB: must be a whole number`);
  });

  test('an integer too long for int64 is refused as such, not read as 0 (which a field without a minimum would take)', () => {
    expect.hasAssertions();
    const result = renderWithValues({ buckets: { jars: { mount: { cache: { maxSizeMiB: '99999999999999999999' } } } } });
    expect(result.stderr).toContain(`${BUCKET_FIELDS}.mount.cache.maxSizeMiB: must be an integer of at most 18 digits`);
  });

  test('a value removed with null is refused by name', () => {
    expect.hasAssertions();
    const result = helm(['template', chart.name, chart.tgz, '--skip-schema-validation', '--set', 'cluster.region=null']);
    expect(result.stderr).toContain('cluster.region: a value is required');
  });
});

describe("values where the config's rules forbid a mount: the node's system directories", () => {
  const SCHEMA = `${BUCKET_FIELDS}.mount.path: Must not validate the schema (not)`;
  const TEMPLATES = `${BUCKET_FIELDS}.mount.path: must not be a system directory or inside one`;
  test.each([
    ['/etc', [], SCHEMA],
    ['/usr/local/bin', [], SCHEMA],
    ['/mnt', [], SCHEMA],
    ['/etc', ['--skip-schema-validation'], TEMPLATES],
    ['/var/lib/kubelet', ['--skip-schema-validation'], TEMPLATES],
    ['/tmp', ['--skip-schema-validation'], TEMPLATES],
  ])('mount.path %s is refused (helm template %j)', (path, flags, message) => {
    expect.hasAssertions();
    const result = helm(['template', chart.name, chart.tgz, ...flags, '--set-string', `${BUCKET_FIELDS}.mount.path=${path}`]);
    expect([result.status, result.stderr]).toEqual([1, expect.stringContaining(message)]);
  });

  test('a directory of its own under a shared one is still accepted', () => {
    expect.hasAssertions();
    const objects = helmTemplate([chart.name, chart.tgz, '--set-string', `${BUCKET_FIELDS}.mount.path=/mnt/s3/other-jars`]);
    expect(
      objects.filter((o) => o.kind === 'EC2NodeClass').every((o) => (o.spec.userData as string).includes(' /mnt/s3/other-jars mount-s3 ')),
    ).toBe(true);
  });
});

describe("values the config's rules forbid: a Spark version the operator runs without pod templates", () => {
  test.each([[[]], [['--skip-schema-validation']]])('sparkVersion 2.4.8 is refused (helm template %j)', (flags) => {
    expect.hasAssertions();
    const app = chart.manifests.find((o) => o.kind === 'SparkApplication')?.metadata.name;
    const result = helm(['template', chart.name, chart.tgz, ...flags, '--set-string', `sparkApplications.${app}.sparkVersion=2.4.8`]);
    expect([result.status, result.stderr]).toEqual([1, expect.stringContaining(`sparkApplications.${app}.sparkVersion: `)]);
  });
});

describe("values the config's rules forbid: a metadata TTL above Mountpoint's 100 years", () => {
  test.each([
    ['--set-string', '3153600001', []],
    ['--set-string', '00099999999999', []],
    ['--set', '9999999999', []],
    ['--set-string', '3153600001', ['--skip-schema-validation']],
    ['--set', '4000000000', ['--skip-schema-validation']],
  ])('%s metadataTtl=%s is refused (helm template %j)', (how, ttl, flags) => {
    expect.hasAssertions();
    const result = helm(['template', chart.name, chart.tgz, ...flags, how, `${BUCKET_FIELDS}.mount.metadataTtl=${ttl}`]);
    expect([result.status, result.stderr]).toEqual([1, expect.stringContaining(`${BUCKET_FIELDS}.mount.metadataTtl`)]);
  });

  test('exactly 100 years is accepted', () => {
    expect.hasAssertions();
    const objects = helmTemplate([chart.name, chart.tgz, '--set-string', `${BUCKET_FIELDS}.mount.metadataTtl=3153600000`]);
    expect(
      objects.filter((o) => o.kind === 'EC2NodeClass').every((o) => (o.spec.userData as string).includes('metadata-ttl=3153600000 ')),
    ).toBe(true);
  });
});

describe('accepted values stay confined to their field', () => {
  const sandboxes = useSandboxes();

  test('userData keeps one MIME part, and its script adds exactly one fstab line for the bucket, at the path given', async () => {
    expect.hasAssertions();
    const sb = sandboxes.newSandbox({ installedVersion: '1.23.0' });
    const path = sb.file('mnt/other-jars');
    const objects = helmTemplate([
      chart.name,
      chart.tgz,
      '--set-string',
      `${BUCKET_FIELDS}.mount.path=${path}`,
      '--set-string',
      `${BUCKET_FIELDS}.mount.metadataTtl=300`,
    ]);
    const [parts] = await userDataParts(objects);
    expect(parts.map((p) => p.mimeType)).toEqual(['text/x-shellscript']);
    const result = await sb.run(new TextDecoder().decode(parts[0].content as ArrayBuffer));
    expect(result.code).toBe(0);
    const added = sb.fstab().slice(FSTAB.length).split('\n').filter(Boolean);
    expect(added).toEqual([
      `s3://my-spark-jars/jars/ ${path} mount-s3 _netdev,nosuid,nodev,nofail,ro,region=us-west-2,allow-other,cache=/var/cache/mountpoint-s3/jars,max-cache-size=10240,metadata-ttl=300 0 0`,
    ]);
  });
});

describe('one value of every field of the multi-team chart, with --skip-schema-validation', () => {
  const config = exampleConfig('multi-team.yaml');
  const exampleChart = synthChart(config);
  const values = yaml.load(readFileSync(join(exampleChart.dir, 'values.yaml'), 'utf8'));
  // One value per config field: the check is per field, whichever bucket, team or application it belongs to.
  const keys = [...new Map(chartValues(config).map((value) => [checkName(value), value.key])).values()].filter((key) =>
    hasKey(values, key),
  );

  test.each([
    ['a newline and the userData boundary', `x\n--${USERDATA_BOUNDARY}\n`],
    ['fstab and shell separators on one line', "1,uid=0 '$(id)' #"],
  ])('refuses %s, naming the value', (_, hostile) => {
    expect.hasAssertions();
    expect(keys.length).toBeGreaterThan(15);
    const notRefused = keys.filter((key) => {
      const assignment = {};
      key.slice(0, -1).reduce<Record<string, any>>((node, k) => (node[k] = {}), assignment)[key[key.length - 1]] = hostile;
      const file = join(tempDir(), 'values.yaml');
      writeFileSync(file, yaml.dump(assignment));
      const result = helm(['template', exampleChart.name, exampleChart.tgz, '--skip-schema-validation', '-f', file]);
      return !(result.status === 1 && result.stderr.includes(`): ${key.join('.')}: `));
    });
    expect(notRefused).toEqual([]);
  });
});

function hasKey(values: unknown, key: readonly string[]): boolean {
  return key.reduce<any>((node, k) => (node && typeof node === 'object' ? node[k] : undefined), values) !== undefined;
}

describe('render-time checks compiled from a field schema', () => {
  const check = (schema: Record<string, unknown>) =>
    valueChecksTpl('c', [{ configPath: 'x.y', location: ['x', 'y'], key: ['x', 'y'], value: 'a', type: 'string', schema }]);

  test.each([
    [{ type: 'string', enum: ['a', 'b'] }, 'has $value (list "a" "b")'],
    [{ type: 'string', const: 'a' }, 'has $value (list "a")'],
    [{ type: 'string', maxLength: 3 }, 'le (len $value) 3'],
    [
      { type: 'string', allOf: [{ not: { pattern: 'x' }, errorMessage: 'no x' }] },
      '{{- if regexMatch "x" $value }}{{ fail (printf "%s: %s" $path "no x") }}{{ end }}',
    ],
  ])('%j becomes a check with %s', (schema, test) => {
    expect.hasAssertions();
    expect(check(schema)).toContain(test);
  });

  test('a keyword the chart cannot check at render time is a synth-time error, not a silently unchecked value', () => {
    expect.hasAssertions();
    expect(() => check({ type: 'string', anyOf: [{ pattern: 'a' }, { pattern: 'b' }] })).toThrow(
      'x.y: the chart cannot check the JSON Schema keyword "anyOf" at render time',
    );
  });
});
