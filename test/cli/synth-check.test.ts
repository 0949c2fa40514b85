import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExample, runCli, snapshotDir, tempDir } from '../helpers';

/** A fresh `synth` output of the default config, in a directory of its own. */
function synthesizedDir(): { parent: string; out: string } {
  const parent = tempDir();
  const out = join(parent, 'dist');
  expect(runCli(['synth', '--out', out]).status).toBe(0);
  return { parent, out };
}

function configWith(parent: string, from: string, to: string): string {
  const file = join(parent, 'changed.yaml');
  const text = readExample('node-daemonset.yaml');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('mountpoint-s3-spark synth --check', () => {
  test('exits 0 with one "up to date" line when the directory is what synth would write', () => {
    const { out } = synthesizedDir();
    const before = snapshotDir(out);

    const result = runCli(['synth', '--check', '--out', out]);

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${out} is up to date (${Object.keys(before).length} files)\n`);
    expect(snapshotDir(out)).toEqual(before);
  });

  test('exits 1 with a unified diff naming the changed file when the config changed, and writes nothing', () => {
    const { parent, out } = synthesizedDir();
    const before = snapshotDir(out);
    const config = configWith(parent, 'instances: 4', 'instances: 7');

    const result = runCli(['synth', '--check', '--config', config, '--out', out]);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('--- a/manifests/spark-applications.k8s.yaml\n+++ b/manifests/spark-applications.k8s.yaml\n');
    expect(result.stdout).toMatch(/^-\s+instances: 4$/m);
    expect(result.stdout).toMatch(/^\+\s+instances: 7$/m);
    expect(result.stdout).not.toContain('teams.k8s.yaml');
    // The executor count is a Helm value too: the chart's values.yaml, its README table and its package change with it.
    expect(result.stdout).toContain('--- a/helm/spark-s3-jars/values.yaml\n+++ b/helm/spark-s3-jars/values.yaml\n');
    expect(result.stdout).toContain('Binary files a/helm/spark-s3-jars-0.1.0.tgz and b/helm/spark-s3-jars-0.1.0.tgz differ\n');
    expect(result.stderr).toBe(
      `${out} is out of date: 4 files differ; run synth without --check to update it\n` +
        'the Helm chart spark-s3-jars changed but its version is still 0.1.0: bump it, e.g. --chart-version 0.1.1 or chart.version: 0.1.1 in the config\n',
    );
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(parent).sort()).toEqual(['changed.yaml', 'dist']);
  });

  test('the printed diff, applied with git apply, brings every text file up to date; the chart package is named, not diffed', () => {
    const { parent, out } = synthesizedDir();
    const config = configWith(parent, 'prefix: jars/', 'prefix: jars/v2/');
    const diff = runCli(['synth', '--check', '--config', config, '--out', out]);
    expect(diff.status).toBe(1);

    const apply = spawnSync('git', ['apply', '-'], { cwd: out, input: diff.stdout, encoding: 'utf8' });

    expect(apply.stderr).toBe('');
    const after = runCli(['synth', '--check', '--config', config, '--out', out]);
    expect(after.stdout).toBe('Binary files a/helm/spark-s3-jars-0.1.0.tgz and b/helm/spark-s3-jars-0.1.0.tgz differ\n');
    expect(after.stderr).toBe(`${out} is out of date: 1 file differs; run synth without --check to update it\n`);
  });

  test('a file synth wrote before and would no longer write is a difference (a deletion)', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    expect(runCli(['synth', '--config', 'examples/pod-csi.yaml', '--out', out]).status).toBe(0);
    const before = snapshotDir(out);

    const result = runCli(['synth', '--check', '--out', out]);

    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^--- a\/manifests\/pod-csi\.k8s\.yaml\n\+\+\+ \/dev\/null\n/m);
    expect(snapshotDir(out)).toEqual(before);
  });

  test('a file synth did not write is not a difference', () => {
    const { out } = synthesizedDir();
    writeFileSync(join(out, 'manifests', 'values-prod.yaml'), 'kind: ConfigMap\n');

    const result = runCli(['synth', '--check', '--out', out]);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/is up to date/);
  });

  test('a symbolic link where synth writes a file is a difference named without reading the link target', () => {
    const { parent, out } = synthesizedDir();
    const secret = join(parent, 'secret.txt');
    writeFileSync(secret, 'TOKEN=hunter2\n');
    rmSync(join(out, 'OVERVIEW.md'));
    symlinkSync(secret, join(out, 'OVERVIEW.md'));
    symlinkSync(secret, join(out, 'manifests', 'secret.yaml'));

    const result = runCli(['synth', '--check', '--out', out]);

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('a/OVERVIEW.md is a symbolic link, not a file synth wrote\n');
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });

  test('a missing directory differs in every file and is not created', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');

    const result = runCli(['synth', '--check', '--out', out]);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('--- /dev/null\n+++ b/manifests/kustomization.yaml\n');
    expect(result.stderr).toMatch(/is out of date: \d+ files differ/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  test('a bad config is still exit 2, not a difference', () => {
    const { parent, out } = synthesizedDir();
    const result = runCli(['synth', '--check', '--config', configWith(parent, 'prefix: jars/', 'prefix: jars'), '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});
