import * as fs from 'fs';
import { BucketMount } from '../../lib/mountpoint/types';
import { MountScriptProps, renderMountScript } from '../../lib/scripts/mount-script';
import { RunStep, SandboxOptions, useSandboxes } from './harness';

const sandboxes = useSandboxes();
const newSandbox = (options?: SandboxOptions) => sandboxes.newSandbox(options);

const READY = /all \d+ mount\(s\) ready/;
const STOP: RunStep = { when: READY, then: 'SIGTERM' };

function script(mounts: readonly BucketMount[], props: Partial<MountScriptProps> = {}): string {
  return renderMountScript({ release: sandboxes.fixture.gpg, mounts, checkIntervalSeconds: 0.05, onStop: 'keep', ...props });
}

/** The systemd-run call that starts the sandbox's `jars` mount with its default settings. */
const JARS_UNIT = [
  'systemd-run',
  '--unit=mountpoint-s3-jars',
  '--collect',
  '--property=Type=forking',
  '--',
  '<sandbox>/opt/aws/mountpoint-s3/bin/mount-s3',
  '--region',
  'us-west-2',
  '--prefix',
  'jars/',
  '--read-only',
  '--allow-other',
  '--cache',
  '<sandbox>/cache/jars',
  '--max-cache-size',
  '1024',
  '--metadata-ttl',
  'indefinite',
  'spark-jars',
  '<sandbox>/mnt/s3/jars',
];

describe('mount script at startup', () => {
  test('installs the verified package, then starts mount-s3 in its own systemd unit', async () => {
    const sb = newSandbox();
    const result = await sb.run(script([sb.mount('jars')]), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('curl', 'gpg', 'dnf', 'systemctl', 'systemd-run').map((argv) => argv.slice(0, 4))).toEqual([
      ['systemctl', '--version'],
      ['curl', '-fsSL', '--retry', '3'],
      ['curl', '-fsSL', '--retry', '3'],
      ['curl', '-fsSL', '--retry', '3'],
      ['gpg', '--dump-options'],
      ['gpg', '--batch', '--homedir', '<work>/gnupg'],
      ['gpg', '--batch', '--homedir', '<work>/gnupg'],
      ['dnf', 'install', '-y', '<work>/mount-s3-1.23.0-x86_64.rpm'],
      ['systemctl', 'reset-failed', 'mountpoint-s3-jars'],
      JARS_UNIT.slice(0, 4),
    ]);
    expect(sb.calls('systemd-run')).toEqual([JARS_UNIT]);
    expect(sb.mounted()).toEqual([sb.mount('jars').path]);
  });

  test('on systemd older than 236 (Amazon Linux 2) the unit is started without --collect', async () => {
    const sb = newSandbox();
    fs.writeFileSync(sb.file('state/systemd-version'), '219');
    const result = await sb.run(script([sb.mount('jars')]), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('systemd-run')).toEqual([JARS_UNIT.filter((arg) => arg !== '--collect')]);
  });

  test('creates the mount directory and a cache directory per mount', async () => {
    const sb = newSandbox();
    await sb.run(script([sb.mount('jars'), sb.mount('data')]), [STOP]);
    for (const dir of ['mnt/s3/jars', 'mnt/s3/data', 'cache/jars', 'cache/data']) {
      expect(fs.statSync(sb.file(dir)).isDirectory()).toBe(true);
    }
  });

  test('logs each step to stdout with a timestamp', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await sb.run(script([sb.mount('jars')]), [STOP]);
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4}';
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(new RegExp(`^${stamp} `), ''))).toEqual([
      'Mountpoint 1.23.0 is already installed (mount-s3 1.23.0)',
      `jars: mounting s3://spark-jars at ${sb.mount('jars').path} (unit mountpoint-s3-jars)`,
      'jars: mounted',
      'all 1 mount(s) ready; checking them every 0.05s',
      'stopping; the mounts stay up',
    ]);
    expect(lines.every((line) => new RegExp(`^${stamp} `).test(line))).toBe(true);
  });

  test('mounts every configured bucket, each in its own unit', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await sb.run(script([sb.mount('jars'), sb.mount('data')]), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('systemd-run').map((argv) => argv[1])).toEqual(['--unit=mountpoint-s3-jars', '--unit=mountpoint-s3-data']);
    expect(sb.mounted()).toEqual([sb.mount('jars').path, sb.mount('data').path]);
  });

  test('leaves the healthy mount of a previous run (pod restart) alone', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    await sb.run(script([jars]), [STOP]);
    sb.clearCalls();
    const result = await sb.run(script([jars]), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('mountpoint', 'timeout', 'umount', 'systemd-run')).toEqual([
      ['mountpoint', '-q', '<sandbox>/mnt/s3/jars'],
      ['timeout', '10', 'stat', '-f', '<sandbox>/mnt/s3/jars'],
    ]);
  });

  test('reports a mount of the bucket started with other arguments (a changed prefix), and leaves it alone', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    await sb.run(script([{ ...jars, prefix: 'old-jars/' }]), [STOP]);
    sb.clearCalls();
    const result = await sb.run(script([jars]), [STOP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `jars: ${jars.path} serves s3://${jars.bucket} with other arguments than this script's (an older config?)`,
    );
    expect(sb.calls('umount', 'systemd-run')).toEqual([]);
    expect(sb.mounted()).toEqual([jars.path]);
  });

  test('detaches a stale mount lazily, then mounts again', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    sb.addMount(jars.path, jars.bucket);
    sb.markStale(jars.path);
    const result = await sb.run(script([jars]), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('umount', 'systemctl', 'systemd-run')).toEqual([
      ['systemctl', '--version'],
      ['umount', '-l', '<sandbox>/mnt/s3/jars'],
      ['systemctl', 'stop', 'mountpoint-s3-jars'],
      ['systemctl', 'reset-failed', 'mountpoint-s3-jars'],
      JARS_UNIT,
    ]);
    expect(result.stdout).toContain(`jars: ${jars.path} is mounted but not answering; detaching it to remount`);
    expect(sb.mounted()).toEqual([jars.path]);
  });

  test('exits non-zero and says why when mount-s3 fails to start', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    sb.failSystemdRun();
    const result = await sb.run(script([sb.mount('jars'), sb.mount('data')]), [STOP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `ERROR: jars: mount-s3 failed to mount s3://spark-jars at ${sb.mount('jars').path} (journalctl -u mountpoint-s3-jars)`,
    );
    expect(result.stderr).toContain('ERROR: jars: cannot mount at startup; exiting');
    expect(result.stdout).not.toMatch(READY);
    expect(sb.calls('systemd-run')).toHaveLength(1);
  });

  test('exits non-zero when systemd-run succeeds but nothing is mounted', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    sb.stubTool(sb.file('bin/systemd-run'), 'exit 0');
    const result = await sb.run(script([sb.mount('jars')]), [STOP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`jars: mountpoint-s3-jars started but ${sb.mount('jars').path} is not a mount point`);
  });

  test('exits non-zero without mounting when the package fails verification', async () => {
    const sb = newSandbox();
    const result = await sb.run(
      script([sb.mount('jars')], {
        release: {
          ...sandboxes.fixture.sha256,
          verification: { method: 'sha256', sha256: { x86_64: '0'.repeat(64), arm64: '0'.repeat(64) } },
        },
      }),
      [STOP],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERROR: Mountpoint 1.23.0 is not installed; exiting');
    expect(sb.calls('dnf', 'systemd-run')).toEqual([]);
  });

  test('passes hostile config values to mount-s3 verbatim without running them', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const pwned = sb.file('pwned');
    const nasty = `'$(touch ${pwned})'\`touch ${pwned}\`"; touch ${pwned}`;
    const mount = sb.mount('jars', { prefix: `${nasty}/`, bucket: `b${nasty}`, path: sb.file(`mnt/it's ${nasty}`) });
    const result = await sb.run(script([mount]), [STOP]);
    expect(result.code).toBe(0);
    const shorten = (value: string) => value.split(sb.root).join('<sandbox>');
    const [argv] = sb.calls('systemd-run');
    expect(argv.slice(-2)).toEqual([shorten(mount.bucket), shorten(mount.path)]);
    expect(argv).toContain(shorten(`${nasty}/`));
    expect(sb.mounted()).toEqual([mount.path]);
    expect(fs.existsSync(pwned)).toBe(false);
  });
});

describe('mount script re-checks', () => {
  test('repairs a mount that goes stale later', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    const result = await sb.run(script([jars]), [
      { when: READY, then: () => sb.markStale(jars.path) },
      { when: /jars: mounted/, then: 'SIGTERM' },
    ]);
    expect(result.code).toBe(0);
    expect(sb.calls('umount', 'systemd-run')).toEqual([JARS_UNIT, ['umount', '-l', '<sandbox>/mnt/s3/jars'], JARS_UNIT]);
  });

  test('keeps going after a failed re-check that the next one repairs', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    const result = await sb.run(script([jars]), [
      {
        when: READY,
        then: () => {
          sb.markStale(jars.path);
          sb.failSystemdRun(1);
        },
      },
      { when: /jars: mounted/, then: 'SIGTERM' },
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('jars: check failed (1 of 3)');
    expect(sb.calls('systemd-run')).toHaveLength(3);
  });

  test('exits non-zero after three consecutive failed re-checks of a mount', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    const result = await sb.run(script([jars]), [
      {
        when: READY,
        then: () => {
          sb.markStale(jars.path);
          sb.failSystemdRun();
        },
      },
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('jars: check failed (1 of 3); retrying in 0.05s');
    expect(result.stderr).toContain('jars: check failed (2 of 3); retrying in 0.05s');
    expect(result.stderr).toContain('ERROR: jars: failed 3 checks in a row; exiting');
    expect(sb.calls('systemd-run')).toHaveLength(4);
  });
});

describe('mount script on SIGTERM', () => {
  test("with onStop 'unmount', unmounts every mount and exits 0", async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await sb.run(script([sb.mount('jars'), sb.mount('data')], { onStop: 'unmount', checkIntervalSeconds: 30 }), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('umount')).toEqual([
      ['umount', '<sandbox>/mnt/s3/jars'],
      ['umount', '<sandbox>/mnt/s3/data'],
    ]);
    expect(sb.mounted()).toEqual([]);
  });

  test("with onStop 'keep' (the config's default), leaves the mounts and exits 0", async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await sb.run(script([sb.mount('jars')], { onStop: 'keep', checkIntervalSeconds: 60 }), [STOP]);
    expect(result.code).toBe(0);
    expect(sb.calls('umount')).toEqual([]);
    expect(sb.mounted()).toEqual([sb.mount('jars').path]);
    expect(result.stdout).toContain('stopping; the mounts stay up');
  });

  test('stops at once during a long wait and leaves no sleep behind', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const started = Date.now();
    const result = await sb.run(script([sb.mount('jars')], { checkIntervalSeconds: 300 }), [STOP]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.leftProcesses).toBe(false);
  });

  test('handles SIGINT like SIGTERM', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await sb.run(script([sb.mount('jars')], { onStop: 'unmount', checkIntervalSeconds: 300 }), [
      { when: READY, then: 'SIGINT' },
    ]);
    expect(result.code).toBe(0);
    expect(sb.calls('umount')).toEqual([['umount', '<sandbox>/mnt/s3/jars']]);
    expect(result.leftProcesses).toBe(false);
  });
});

describe('renderMountScript', () => {
  test('rejects a non-positive check interval', () => {
    expect(() => script([newSandbox().mount('jars')], { checkIntervalSeconds: 0 })).toThrow(/positive/);
  });

  test('rejects an empty mount list', () => {
    expect(() => script([])).toThrow(/at least one mount/);
  });

  test('embeds the install fragment once', () => {
    const rendered = script([newSandbox().mount('jars')]);
    expect(rendered.match(/^install_mountpoint\(\) \($/gm)).toHaveLength(1);
    expect(rendered.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(rendered).toMatch(/^set -euo pipefail$/m);
  });
});
