import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, Element } from '@xmldom/xmldom';
import * as yaml from 'js-yaml';
import { ROOT, runCli, tempDir } from '../helpers';

const BAD = join(__dirname, 'corpus', 'schema-unknown-field.yaml');
const GOOD_CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {key: value}\n';

function synthDefault(): string {
  const out = join(tempDir(), 'dist');
  expect(runCli(['synth', '--out', out]).status).toBe(0);
  return join(out, 'manifests');
}

function runCliWithInput(args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'mountpoint-s3-spark.js'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, PATH: '/usr/bin:/bin', ...env },
  });
}

describe('mountpoint-s3-spark check', () => {
  test('the default synth output is valid: exit 0 and a kubeconform-like summary', () => {
    const result = runCli(['check', synthDefault()]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Kubernetes 1.30: 11 resources - valid 10, invalid 0, skipped 1\n');
  });

  test('an invalid manifest: exit 1, one line per problem as FILE: Kind/namespace/name: /path: message [rule]', () => {
    const result = runCli(['check', BAD]);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      `${BAD}: ConfigMap/default/settings: /dataa: unknown field "dataa" [schema/additionalProperties]`,
    );
    expect(result.stdout).toContain('Kubernetes 1.30: 1 resources - valid 0, invalid 1, skipped 0');
  });

  test('--all-versions checks against 1.28 … 1.35', () => {
    const result = runCli(['check', synthDefault(), '--all-versions']);
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'].map((v) => `Kubernetes ${v}`));
  });

  test('usage errors exit 2: an unknown version, a missing path, an unknown output format', () => {
    expect(runCli(['check', BAD, '--kubernetes-version', '1.27']).status).toBe(2);
    expect(runCli(['check', join(tempDir(), 'missing.yaml')]).status).toBe(2);
    expect(runCli(['check', BAD, '--output', 'xml']).status).toBe(2);
  });

  test('reads standard input for -', () => {
    const result = runCliWithInput(['check', '-'], GOOD_CONFIG_MAP.replace('\ndata:', '\ndataa:'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('-: ConfigMap/default/settings: /dataa: unknown field "dataa" [schema/additionalProperties]');
  });

  test('a kind without a schema fails unless --ignore-missing-schemas skips it', () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n';
    expect(runCliWithInput(['check', '-'], widget).status).toBe(1);
    const skipped = runCliWithInput(['check', '-', '--ignore-missing-schemas'], widget);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toBe('Kubernetes 1.30: 1 resources - valid 0, invalid 0, skipped 1\n');
  });

  test('unreadable YAML is reported with its line and fails the run', () => {
    const result = runCliWithInput(['check', '-'], 'apiVersion: v1\nkind: [ConfigMap\n');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^-: line \d+, column \d+: .+ \[parse\]$/m);
  });

  test('--output json parses back to the same verdicts', () => {
    const result = runCli(['check', BAD, synthDefault(), '--output', 'json']);
    expect(result.status).toBe(1);
    const [report] = JSON.parse(result.stdout).versions;
    expect(report.kubernetesVersion).toBe('1.30');
    expect(report.summary).toMatchObject({ resources: 12, valid: 10, invalid: 1, skipped: 1 });
    expect(report.findings.filter((f: any) => f.severity === 'error')).toEqual([
      {
        file: BAD,
        document: 0,
        resource: 'ConfigMap/default/settings',
        path: '/dataa',
        rule: 'schema/additionalProperties',
        severity: 'error',
        message: 'unknown field "dataa"',
        doc: 'docs/check-rules.md#schema-additionalproperties',
      },
    ]);
    expect(report.resources.find((r: any) => r.kind === 'DaemonSet')).toMatchObject({ name: 'mountpoint-s3', status: 'valid' });
  });

  test('--output junit parses back: a failing test case per invalid object, skipped ones marked', () => {
    const result = runCli(['check', BAD, synthDefault(), '--output', 'junit']);
    expect(result.status).toBe(1);
    const doc = new DOMParser().parseFromString(result.stdout, 'text/xml');
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('testsuites');
    expect(root.getAttribute('tests')).toBe('12');
    expect(root.getAttribute('failures')).toBe('1');
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures).toHaveLength(1);
    expect((failures[0].parentNode as Element).getAttribute('name')).toBe('ConfigMap/default/settings');
    expect(failures[0].textContent).toContain('/dataa: unknown field "dataa" [schema/additionalProperties]');
    expect(doc.getElementsByTagName('skipped')).toHaveLength(1);
  });
});

describe('synth checks what it writes', () => {
  /** A key prefix over 253 characters passes the config schema but not the API server's label syntax. */
  function configWithOverlongLabelKey(): string {
    const config = yaml.load(readFileSync(join(ROOT, 'examples', 'node-daemonset.yaml'), 'utf8')) as any;
    config.teams[0].nodeSelector[`${Array(70).fill('abc').join('.')}/pool`] = 'spark';
    const file = join(tempDir(), 'config.yaml');
    writeFileSync(file, yaml.dump(config));
    return file;
  }

  test('invalid output: exit 1 with the report, and an existing DIR is left as it was', () => {
    const out = join(tempDir(), 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'earlier output');
    const result = runCli(['synth', '--config', configWithOverlongLabelKey(), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^manifests\/spark-applications\.k8s\.yaml: SparkApplication\/spark-team-a\/taxi-trip: \/spec\/driver\/template\/spec\/nodeSelector\/abc\..+ \[label-syntax\]$/m,
    );
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('earlier output');
    expect(existsSync(join(out, 'manifests'))).toBe(false);
  });

  test('--no-check writes it anyway', () => {
    const out = join(tempDir(), 'dist');
    const result = runCli(['synth', '--config', configWithOverlongLabelKey(), '--out', out, '--no-check']);
    expect(result.status).toBe(0);
    expect(existsSync(join(out, 'manifests', 'spark-applications.k8s.yaml'))).toBe(true);
  });
});
