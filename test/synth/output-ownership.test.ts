import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExample, ROOT, runCli, snapshotDir, tempDir } from '../helpers';

const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');

/** A folder like a repository root: .git/, a README and the config. */
function repositoryRoot(): { root: string; config: string } {
  const root = tempDir();
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(root, 'README.md'), '# platform\n');
  const config = join(root, 'platform.yaml');
  writeFileSync(config, readExample('node-daemonset.yaml'));
  return { root, config };
}

describe('synth writes only where it owns the output', () => {
  test('--out . in a repository root is refused with exit 2, a one-line reason naming a sub-folder, and nothing changed', () => {
    expect.hasAssertions();
    const { root } = repositoryRoot();
    const before = snapshotDir(root, true);

    const result = runCli(['synth', '--config', 'platform.yaml', '--out', '.'], root);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^mountpoint-s3-spark: \.: not empty and not written by mountpoint-s3-spark .*give a sub-folder such as dist\n$/,
    );
    expect(snapshotDir(root, true)).toEqual(before);
  });

  test("--out '' (an unset variable) is refused with exit 2 and nothing is written", () => {
    expect.hasAssertions();
    const { root } = repositoryRoot();
    const before = snapshotDir(root, true);

    const result = runCli(['synth', '--config', 'platform.yaml', '--out', ''], root);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: --out is empty (an unset variable?); name the folder synth writes into, such as dist\n');
    expect(snapshotDir(root, true)).toEqual(before);
  });

  test('--out naming an existing file is refused with exit 2 and the file is kept', () => {
    expect.hasAssertions();
    const { root } = repositoryRoot();

    const result = runCli(['synth', '--config', 'platform.yaml', '--out', 'README.md'], root);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe('mountpoint-s3-spark: README.md: is a file, not a folder; --out names the folder synth writes into\n');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# platform\n');
  });

  test('--out naming the config file itself is refused with exit 2 and the config is kept', () => {
    expect.hasAssertions();
    const { root, config } = repositoryRoot();

    const result = runCli(['synth', '--config', config, '--out', config], root);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`mountpoint-s3-spark: ${config}: is a file, not a folder; --out names the folder synth writes into\n`);
    expect(readFileSync(config, 'utf8')).toBe(readExample('node-daemonset.yaml'));
  });

  test('a file the user put into an earlier output survives the next synth and is named once in a note', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'values-prod.yaml'), 'replicas: 3\n');

    const result = runCli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

    expect(result.status).toBe(0);
    expect(readFileSync(join(out, 'values-prod.yaml'), 'utf8')).toBe('replicas: 3\n');
    expect(result.stderr).toBe(`note: 1 file in ${out} not written by synth, left alone: values-prod.yaml\n`);
  });

  test('a file synth did not write, at a path synth would write, is refused with exit 2 and the output is unchanged', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'manifests', 'pod-csi.k8s.yaml'), 'kind: Mine\n');
    const before = snapshotDir(out, true);

    const result = runCli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `mountpoint-s3-spark: ${join(out, 'manifests/pod-csi.k8s.yaml')}: exists and was not written by mountpoint-s3-spark; move it away and run synth again\n`,
    );
    expect(snapshotDir(out, true)).toEqual(before);
  });

  test('a folder of the output replaced by a symbolic link is not written through', () => {
    expect.hasAssertions();
    const parent = tempDir();
    const out = join(parent, 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const elsewhere = join(parent, 'elsewhere');
    mkdirSync(elsewhere);
    spawnSync('rm', ['-r', join(out, 'iam')]);
    symlinkSync(elsewhere, join(out, 'iam'));

    const result = runCli(['synth', '--out', out]);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/iam\/[^:]+: a folder above it is a symbolic link or a file; synth does not write through links\n$/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  test('a FIFO in the output folder (named like a manifest) blocks neither synth nor synth --check', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    expect(spawnSync('mkfifo', [join(out, 'manifests', 'extra.k8s.yaml')]).status).toBe(0);
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

    const check = cli(['synth', '--check', '--out', out]);
    const write = cli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

    expect([check.status, check.stdout]).toEqual([0, expect.stringMatching(/ is up to date \(\d+ files\)\n$/)]);
    expect([write.status, write.stderr]).toEqual([
      0,
      `note: 1 file in ${out} not written by synth, left alone: manifests/extra.k8s.yaml\n`,
    ]);
  });

  test('a damaged Chart.yaml in the earlier output (it is compared for the version-bump warning) is replaced, not a crash', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'helm', 'spark-s3-jars', 'Chart.yaml'), 'a: [\n---\nb: 2\n');

    const check = runCli(['synth', '--check', '--out', out]);
    const write = runCli(['synth', '--out', out]);

    expect([check.status, write.status, write.stderr]).toEqual([1, 0, '']);
    expect(readFileSync(join(out, 'helm', 'spark-s3-jars', 'Chart.yaml'), 'utf8')).toMatch(/^apiVersion: v2$/m);
  });

  test('a manifest edited to list a file outside the folder is refused, and that file is kept', () => {
    expect.hasAssertions();
    const parent = tempDir();
    const out = join(parent, 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    writeFileSync(join(parent, 'victim.txt'), 'keep me\n');
    const manifestFile = join(out, '.mountpoint-s3-spark', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.files['../victim.txt'] = 'forged';
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const result = runCli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `mountpoint-s3-spark: ${manifestFile}: lists "../victim.txt", which is not a path inside the output folder; restore the file from version control\n`,
    );
    expect(readFileSync(join(parent, 'victim.txt'), 'utf8')).toBe('keep me\n');
  });

  test('files and folders synth creates follow the umask', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');

    const result = spawnSync('bash', ['-c', 'umask 027 && exec "$0" "$1" synth --out "$2"', process.execPath, CLI, out], {
      cwd: ROOT,
      encoding: 'utf8',
    });

    expect(result.status).toBe(0);
    const modes = [out, join(out, 'manifests'), join(out, 'OVERVIEW.md'), join(out, 'manifests', 'teams.k8s.yaml')].map((p) =>
      (statSync(p).mode & 0o777).toString(8),
    );
    expect(modes).toEqual(['750', '750', '640', '640']);
  });
});

describe('what a synth into its earlier output replaces', () => {
  test('files edited since, to another size or to the same size, are put back; an untouched file is left as it is', () => {
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const written = snapshotDir(out, true);
    const overview = join(out, 'OVERVIEW.md');
    writeFileSync(overview, `${written['OVERVIEW.md']}an edit\n`);
    const kustomization = join(out, 'manifests', 'kustomization.yaml');
    const sameSize = written['manifests/kustomization.yaml'].replace(/[a-z]/, (c) => (c === 'z' ? 'y' : 'z'));
    writeFileSync(kustomization, sameSize);
    const untouched = join(out, 'iam', readdirSync(join(out, 'iam'))[0]);
    const inode = statSync(untouched).ino;

    expect(runCli(['synth', '--out', out]).status).toBe(0);

    expect({ files: snapshotDir(out, true), untouched: statSync(untouched).ino }).toEqual({ files: written, untouched: inode });
  });
});

describe('one writer at a time', () => {
  test('while another live process holds the lock, synth exits 2 naming its pid and changes nothing', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(out, '.mountpoint-s3-spark', 'lock'), `${holder.pid}\n`);
      const before = snapshotDir(out, true);

      const result = runCli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^mountpoint-s3-spark: ${out}: is being written by pid ${holder.pid} \\(`));
      expect(snapshotDir(out, true)).toEqual(before);
    } finally {
      holder.kill();
    }
  });

  test('a lock left by a process that died is taken over', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(join(out, '.mountpoint-s3-spark', 'lock'), `${dead}\n`);

    const result = runCli(['synth', '--config', 'examples/pod-csi.yaml', '--chart-version', '0.2.0', '--out', out]);

    expect(result.status).toBe(0);
    expect(readdirSync(join(out, '.mountpoint-s3-spark'))).toEqual(['manifest.json']);
  });

  test('two synths started together into one folder: each exits 0 or 2 ("being written by pid"), never 3, and the output is complete', async () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    const runs = ['examples/pod-csi.yaml', 'examples/multi-team.yaml', 'examples/node-daemonset.yaml'].map(
      (config) =>
        new Promise<{ status: number | null; stderr: string; config: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'synth', '--no-check', '--config', config, '--out', out], { cwd: ROOT });
          let stderr = '';
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('close', (status) => resolve({ status, stderr, config }));
        }),
    );
    const results = await Promise.all(runs);

    for (const { status, stderr } of results) {
      expect([0, 2]).toContain(status);
      if (status === 2) expect(stderr).toMatch(/is being written by pid \d+/);
    }
    expect(readdirSync(join(out, '.mountpoint-s3-spark'))).toEqual(['manifest.json']);
    // What is left is exactly the output of one of the runs that succeeded.
    const succeeded = results.filter((r) => r.status === 0).map((r) => r.config);
    expect(succeeded.filter((config) => runCli(['synth', '--check', '--config', config, '--out', out]).status === 0)).toHaveLength(1);
  });
});
