import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from '../helpers';

const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');

/**
 * Runs `script` (sh) as root of a new user and mount namespace (unshare -rm),
 * where it may mount a small tmpfs or a read-only bind mount; $NODE and $CLI
 * run the CLI.
 */
function inMountNamespace(script: string) {
  return spawnSync('unshare', ['-rm', 'sh', '-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE: process.execPath, CLI },
  });
}

/** One line `mountpoint-s3-spark: PATH: REASON`, no stack trace. */
function environmentLine(path: string, reason: string): string {
  return `mountpoint-s3-spark: ${path}: ${reason}\n`;
}

describe('environment errors are exit 2 with one line naming the path', () => {
  test('--out / (a mount point holding other files) is refused', () => {
    expect.hasAssertions();
    const result = runCli(['synth', '--out', '/']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^mountpoint-s3-spark: \/: not empty and not written by mountpoint-s3-spark/);
  });

  test('an empty mount point (a container volume) is written into, and rewritten, without renaming it', () => {
    expect.hasAssertions();
    const volume = tempDir();
    const result = inMountNamespace(
      `mount -t tmpfs tmpfs ${volume} && "$NODE" "$CLI" synth --out ${volume} && "$NODE" "$CLI" synth --config examples/pod-csi.yaml --chart-version 0.2.0 --out ${volume} && "$NODE" "$CLI" synth --check --config examples/pod-csi.yaml --chart-version 0.2.0 --out ${volume}`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/is up to date/);
  });

  test('--out naming a dangling symbolic link', () => {
    expect.hasAssertions();
    const link = join(tempDir(), 'dist');
    symlinkSync('/nonexistent/target', link);
    const result = runCli(['synth', '--out', link]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(environmentLine(link, 'a dangling symbolic link; point it at a folder or remove it'));
  });

  test('a read-only parent folder', () => {
    expect.hasAssertions();
    const parent = tempDir();
    const result = inMountNamespace(
      `mount --bind ${parent} ${parent} && mount -o remount,bind,ro ${parent} && "$NODE" "$CLI" synth --out ${parent}/dist; echo "exit $?"`,
    );
    expect(result.stderr).toBe(environmentLine(`${parent}/dist`, 'read-only file system'));
    expect(result.stdout).toBe('exit 2\n');
  });

  test('a full disk: exit 2, the earlier output still complete, nothing left behind', () => {
    expect.hasAssertions();
    const disk = tempDir();
    const result = inMountNamespace(
      [
        // Room for the default output (about 192 KiB of blocks) with a margin; the filler then takes the rest.
        `mount -t tmpfs -o size=256k tmpfs ${disk}`,
        `"$NODE" "$CLI" synth --out ${disk}/dist >/dev/null`,
        `head -c 120000 /dev/urandom > ${disk}/filler 2>/dev/null`,
        `"$NODE" "$CLI" synth --config examples/multi-team.yaml --chart-version 0.2.0 --out ${disk}/dist; echo "exit $?"`,
        `ls -A ${disk}/dist/.mountpoint-s3-spark`,
        `"$NODE" "$CLI" synth --check --out ${disk}/dist`,
      ].join('; '),
    );
    expect(result.stderr).toBe(environmentLine(`${disk}/dist`, 'no space left on device'));
    expect(result.stdout).toMatch(/^exit 2\nmanifest.json\n.* is up to date \(\d+ files\)\n$/);
  });

  test('a parent folder whose name contains .new- is an ordinary folder', () => {
    expect.hasAssertions();
    const out = join(tempDir(), '.dist.new-abc123', 'out');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    expect(readdirSync(out)).toContain('manifests');
  });

  test('synth --check --out naming a file', () => {
    expect.hasAssertions();
    const file = join(tempDir(), 'dist');
    writeFileSync(file, 'not a folder\n');
    const result = runCli(['synth', '--check', '--out', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(environmentLine(file, 'is a file, not a folder; --out names the folder synth writes into'));
  });

  test('init --out into a folder that does not exist', () => {
    expect.hasAssertions();
    const dir = tempDir();
    const result = runCli(['init', '--out', 'missing/x.yaml'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(environmentLine('missing/x.yaml', 'no such file or directory'));
  });

  test('check of a file the user may not read', () => {
    expect.hasAssertions();
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    chmodSync(file, 0o600);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'check', file], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(environmentLine(file, 'permission denied'));
  });

  test('a config that is a folder', () => {
    expect.hasAssertions();
    const dir = tempDir();
    mkdirSync(join(dir, 'platform.yaml'));
    const result = runCli(['validate', '--config', join(dir, 'platform.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(environmentLine(join(dir, 'platform.yaml'), 'is a folder, not a file'));
  });
});

test('--config with an empty name (an unset variable) is exit 2 with one line saying so, not a nameless missing file', () => {
  expect.hasAssertions();
  const result = runCli(['validate', '--config', '']);
  expect({ status: result.status, stderr: result.stderr }).toEqual({
    status: 2,
    stderr: 'error: the config file name is empty (an unset variable?); name a config file, or give none for the built-in default\n',
  });
});
