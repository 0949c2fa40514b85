import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, readExample, runCli, snapshotDir, tempDir } from '../helpers';

describe('mountpoint-s3-spark synth', () => {
  test('writes one file per chart, a kustomization listing them, the Helm chart and the IAM policies', () => {
    const out = join(tempDir(), 'dist');
    const result = runCli(['synth', '--out', out]);
    expect(result.status).toBe(0);
    expect(Object.keys(snapshotDir(out)).sort()).toEqual([
      'OVERVIEW.md',
      'helm/spark-s3-jars-0.1.0.tgz',
      'helm/spark-s3-jars/Chart.yaml',
      'helm/spark-s3-jars/README.md',
      'helm/spark-s3-jars/templates/NOTES.txt',
      'helm/spark-s3-jars/templates/_helpers.tpl',
      'helm/spark-s3-jars/templates/_values.tpl',
      'helm/spark-s3-jars/templates/node-daemonset/_configmap-mountpoint-s3-mountpoint-s3.tpl',
      'helm/spark-s3-jars/templates/node-daemonset/configmap-mountpoint-s3-mountpoint-s3.yaml',
      'helm/spark-s3-jars/templates/node-daemonset/daemonset-mountpoint-s3-mountpoint-s3.yaml',
      'helm/spark-s3-jars/templates/node-daemonset/namespace-mountpoint-s3.yaml',
      'helm/spark-s3-jars/templates/node-daemonset/serviceaccount-mountpoint-s3-mountpoint-s3.yaml',
      'helm/spark-s3-jars/templates/spark-applications/sparkapplication-spark-team-a-taxi-trip.yaml',
      'helm/spark-s3-jars/templates/teams/namespace-spark-team-a.yaml',
      'helm/spark-s3-jars/templates/teams/role-spark-team-a-spark-driver.yaml',
      'helm/spark-s3-jars/templates/teams/rolebinding-spark-team-a-spark-driver.yaml',
      'helm/spark-s3-jars/templates/teams/serviceaccount-spark-team-a-spark-team-a.yaml',
      'helm/spark-s3-jars/values.schema.json',
      'helm/spark-s3-jars/values.yaml',
      'iam/node-jars.json',
      'manifests/kustomization.yaml',
      'manifests/node-daemonset.k8s.yaml',
      'manifests/spark-applications.k8s.yaml',
      'manifests/teams.k8s.yaml',
      'spark-operator-values.yaml',
    ]);
    expect(readFileSync(join(out, 'manifests/kustomization.yaml'), 'utf8')).toContain(
      'resources:\n  - teams.k8s.yaml\n  - node-daemonset.k8s.yaml\n  - spark-applications.k8s.yaml\n',
    );
  });

  test('the same config gives byte-identical output twice', () => {
    const dir = tempDir();
    expect(runCli(['synth', '--config', 'examples/multi-team.yaml', '--out', join(dir, 'a')]).status).toBe(0);
    expect(runCli(['synth', '--config', 'examples/multi-team.yaml', '--out', join(dir, 'b')]).status).toBe(0);
    expect(snapshotDir(join(dir, 'b'))).toEqual(snapshotDir(join(dir, 'a')));
  });

  test('object names carry no cdk8s hash suffix', () => {
    const out = join(tempDir(), 'dist');
    runCli(['synth', '--out', out]);
    const text = Object.values(snapshotDir(out)).join('\n');
    expect(text).not.toMatch(/name: [a-z0-9-]+-c8[a-f0-9]{6}\b/);
  });

  test('bad input leaves an earlier output directory exactly as it was, and exits 2 without a stack trace', () => {
    const dir = tempDir();
    const out = join(dir, 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'marker'), 'kept');
    const before = snapshotDir(out);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readExample('node-daemonset.yaml').replace('prefix: jars/', 'prefix: jars'));

    const result = runCli(['synth', '--config', bad, '--out', out]);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${bad}: buckets[0].prefix: a prefix must end with "/"\n`);
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'dist']);
  });

  test('a successful run removes the files an earlier run wrote that the new config no longer produces', () => {
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--config', 'examples/pod-csi.yaml', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'manifests', 'pod-csi.k8s.yaml'))).toBe(true);
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'manifests', 'pod-csi.k8s.yaml'))).toBe(false);
  });

  test('a missing config file is a one-line error, with a hint, and exit code 2', () => {
    const result = runCli(['synth', '--config', 'no-such.yaml', '--out', join(tempDir(), 'dist')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'no-such.yaml: cannot read config: file not found\nhint: write a starter config with: mountpoint-s3-spark init --out no-such.yaml (or leave out --config for the built-in default)\n',
    );
  });
});

describe('mountpoint-s3-spark validate', () => {
  test.each(EXAMPLES)('accepts examples/%s', (example) => {
    const result = runCli(['validate', '--config', `examples/${example}`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('prints every problem, one line each, and exits 2', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(
      file,
      readExample('node-daemonset.yaml').replace('bucket: my-spark-jars', 'bucket: My_Jars').replace('path: /mnt/s3/jars', 'path: mnt'),
    );
    const result = runCli(['validate', '--config', file]);
    expect(result.status).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.every((line) => line.startsWith(`${file}: `))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${file}: buckets[0].bucket: `))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${file}: buckets[0].mount.path: `))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('mountpoint-s3-spark init', () => {
  test('writes a commented starter config that validates', () => {
    const file = join(tempDir(), 'starter.yaml');
    expect(runCli(['init', '--out', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# /);
    expect(runCli(['validate', '--config', file]).status).toBe(0);
  });

  test('never overwrites an existing file', () => {
    const file = join(tempDir(), 'starter.yaml');
    writeFileSync(file, 'mine');
    const result = runCli(['init', '--out', file]);
    expect(result.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  test('an unknown approach is a usage error', () => {
    expect(runCli(['init', '--approach', 'hostpath']).status).toBe(2);
  });
});

describe('command line', () => {
  test.each([['--help'], ['synth', '--help'], ['validate', '--help'], ['init', '--help']])('%s prints usage and exits 0', (...args) => {
    const result = runCli(args);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: mountpoint-s3-spark/);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(version);
  });

  test.each([['frobnicate'], ['synth', '--bogus']])('%s is a usage error with exit code 2', (...args) => {
    expect(runCli(args).status).toBe(2);
  });
});
