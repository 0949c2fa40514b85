import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiVersionVariables, fillTemplate } from '../../lib/check/schema-locations';
import { ROOT, runCli, tempDir } from '../helpers';

const BAD = join(__dirname, 'corpus', 'schema-unknown-field.yaml');
const FIXTURES = join(__dirname, 'fixtures');
const PODMONITOR = join(FIXTURES, 'podmonitor.yaml');
const CATALOG = `${join(FIXTURES, 'schemas')}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {key: value}\n';

function checkStdin(args: string[], input: string) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'mountpoint-s3-spark.js'), 'check', '-', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
}

describe('--kubernetes-version takes kubeconform’s form too', () => {
  test.each(['1.31', '1.31.0', '1.31.4', 'v1.31.0'])('%s checks against 1.31', (version) => {
    expect.hasAssertions();
    const result = runCli(['check', BAD, '--kubernetes-version', version]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Kubernetes 1.31: 1 resources');
  });

  test.each(['1.27.0', '1.31.x', '131', ''])('%j is a usage error naming the supported versions', (version) => {
    expect.hasAssertions();
    const result = runCli(['check', BAD, '--kubernetes-version', version]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('1.28, 1.29');
  });
});

describe('--schema-location', () => {
  test('fills kubeconform’s template variables as kubeconform does', () => {
    expect.hasAssertions();
    const template =
      '{{ .NormalizedKubernetesVersion }}|{{.StrictSuffix}}|{{ .ResourceKind }}|{{ .ResourceAPIVersion }}|{{ .Group }}|{{ .KindSuffix }}';
    const variables = (apiVersion: string) => ({
      ...apiVersionVariables(apiVersion),
      NormalizedKubernetesVersion: 'v1.30.0',
      StrictSuffix: '-strict',
      ResourceKind: 'deployment',
    });
    expect(fillTemplate(template, variables('apps/v1'))).toBe('v1.30.0|-strict|deployment|v1|apps|-apps-v1');
    expect(fillTemplate(template, variables('v1'))).toBe('v1.30.0|-strict|deployment|v1|v1|-v1');
    expect(fillTemplate(template, variables('sparkoperator.k8s.io/v1beta2'))).toBe(
      'v1.30.0|-strict|deployment|v1beta2|sparkoperator.k8s.io|-sparkoperator-v1beta2',
    );
  });

  test('a kind without a vendored schema is missing without it', () => {
    expect.hasAssertions();
    const result = runCli(['check', PODMONITOR]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('no schema for PodMonitor monitoring.coreos.com/v1 in Kubernetes 1.30 [schema/missing]');
  });

  test('adds the schema of another CRD from a local catalog; built-in kinds keep theirs', () => {
    expect.hasAssertions();
    const result = runCli(['check', PODMONITOR, BAD, '--schema-location', CATALOG]);
    expect(result.stdout).not.toContain('PodMonitor');
    expect(result.stdout).toContain('/dataa: unknown field "dataa" [schema/additionalProperties]');
    expect(result.stdout).toContain('Kubernetes 1.30: 2 resources - valid 1, invalid 1');
  });

  test('the added schema is enforced, its CEL rules included', () => {
    expect.hasAssertions();
    const bad =
      readFileSync(PODMONITOR, 'utf8').replace('interval: 30s', 'interval: half a minute') +
      '    - {port: a}\n    - {port: b}\n    - {port: c}\n    - {port: d}\n    - {port: e}\n';
    const result = checkStdin(['--schema-location', 'default', '--schema-location', CATALOG], bad);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('/spec/podMetricsEndpoints/0/interval: must match pattern');
    expect(result.stdout).toContain('[schema/constraint]');
    expect(result.stdout).toContain('/spec/podMetricsEndpoints: at most 5 endpoints (rule: self.size() <= 5) [cel]');
  });

  test('a directory without .json is read in kubeconform’s layout (VERSION-standalone-strict/kind-group-version.json)', () => {
    expect.hasAssertions();
    const dir = tempDir();
    const layout = join(dir, 'v1.30.0-standalone-strict');
    require('node:fs').mkdirSync(layout);
    writeFileSync(
      join(layout, 'podmonitor-monitoring-v1.json'),
      readFileSync(join(FIXTURES, 'schemas', 'monitoring.coreos.com', 'podmonitor_v1.json')),
    );
    expect(runCli(['check', PODMONITOR, '--schema-location', dir, '--kubernetes-version', '1.30.0']).status).toBe(0);
    expect(runCli(['check', PODMONITOR, '--schema-location', dir, '--kubernetes-version', '1.31.0']).status).toBe(1);
  });

  test.each([
    ['https://example.com/{{ .ResourceKind }}.json', 'only local paths'],
    ['schemas/{{ .Kind }}.json', 'unknown template variable {{ .Kind }}'],
  ])('%s is a usage error', (location, message) => {
    expect.hasAssertions();
    const result = runCli(['check', PODMONITOR, '--schema-location', location]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a schema file that is not JSON is a usage error naming it', () => {
    expect.hasAssertions();
    const dir = tempDir();
    require('node:fs').mkdirSync(join(dir, 'monitoring.coreos.com'));
    writeFileSync(join(dir, 'monitoring.coreos.com', 'podmonitor_v1.json'), '{ not json');
    const result = runCli(['check', PODMONITOR, '--schema-location', `${dir}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('podmonitor_v1.json: not JSON');
  });
});

describe('--skip and --reject', () => {
  test('--skip KIND leaves the kind unchecked and counts it as skipped', () => {
    expect.hasAssertions();
    const result = runCli(['check', BAD, PODMONITOR, '--skip', 'ConfigMap,PodMonitor']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Kubernetes 1.30: 2 resources - valid 0, invalid 0, skipped 2\n');
  });

  test('--skip takes apiVersion/Kind, as kubeconform’s GVK form', () => {
    expect.hasAssertions();
    expect(runCli(['check', PODMONITOR, '--skip', 'monitoring.coreos.com/v1/PodMonitor']).status).toBe(0);
    expect(runCli(['check', PODMONITOR, '--skip', 'monitoring.coreos.com/v2/PodMonitor']).status).toBe(1);
  });

  test('--reject KIND fails every object of the kind', () => {
    expect.hasAssertions();
    const result = checkStdin(['--reject', 'ConfigMap'], CONFIG_MAP);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('-: ConfigMap/default/settings: prohibited resource kind ConfigMap (--reject) [schema/rejected]');
  });
});

describe('--summary and --output tap', () => {
  test('--summary ends with kubeconform’s summary line', () => {
    expect.hasAssertions();
    const result = runCli(['check', BAD, PODMONITOR, '--summary', '--ignore-missing-schemas']);
    expect(result.stdout.trim().split('\n').pop()).toBe(
      'Summary: 2 resources found in 2 files - Valid: 0, Invalid: 1, Errors: 0, Skipped: 1',
    );
  });

  test('--summary on standard input says so, as kubeconform does', () => {
    expect.hasAssertions();
    expect(checkStdin(['--summary'], CONFIG_MAP).stdout).toBe(
      'Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
    );
  });

  test('--output tap: a test point per object, the errors on the failing one, the plan last', () => {
    expect.hasAssertions();
    const result = runCli(['check', BAD, PODMONITOR, '--output', 'tap', '--skip', 'PodMonitor']);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'TAP version 13',
      `not ok 1 - ${BAD} (ConfigMap/default/settings): ConfigMap/default/settings: /dataa: unknown field "dataa" [schema/additionalProperties]`,
      `ok 2 - ${PODMONITOR} (PodMonitor/spark-team-a/spark-driver) # skip`,
      '1..2',
      '',
    ]);
  });

  test('--strict is accepted (the schemas always are)', () => {
    expect.hasAssertions();
    expect(checkStdin(['--strict'], CONFIG_MAP).status).toBe(0);
  });
});

describe('kubeconform’s command line as it is', () => {
  test('single-dash flags (-kubernetes-version 1.31.0 -summary -skip -output=…) work', () => {
    expect.hasAssertions();
    const result = runCli([
      'check',
      '-strict',
      '-kubernetes-version',
      '1.31.0',
      '-skip',
      'PodMonitor',
      '-summary',
      '-output=text',
      BAD,
      PODMONITOR,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').pop()).toBe(
      'Summary: 2 resources found in 2 files - Valid: 0, Invalid: 1, Errors: 0, Skipped: 1',
    );
  });

  test('a file named like a flag after -- stays a file', () => {
    expect.hasAssertions();
    const result = runCli(['check', '--', '-summary']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('-summary: no such file or directory');
  });
});

test('--output tap: warnings follow their (passing) test point as comments', () => {
  expect.hasAssertions();
  const result = runCli(['check', join(__dirname, 'corpus', 'service-account-ref.yaml'), '--output', 'tap']);
  expect(result.status).toBe(0);
  const lines = result.stdout.split('\n');
  expect(lines[1]).toMatch(/^ok 1 - .+service-account-ref\.yaml \(SparkApplication\/spark-team-a\/pi\)$/);
  expect(lines[2]).toMatch(
    /^# warning: .+ServiceAccount spark-team-a\/spark is not among the checked objects — make sure it exists in the cluster \[service-account-ref\]$/,
  );
});
