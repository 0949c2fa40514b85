import * as fs from 'fs';
import { fstabLine } from '../../lib/mountpoint/fstab';
import { BucketMount, MountpointRelease } from '../../lib/mountpoint/types';
import { renderUserDataScript } from '../../lib/scripts/userdata-script';
import { FSTAB, KEY_URL, rpmUrl, Sandbox, SandboxOptions, useSandboxes } from './harness';

const sandboxes = useSandboxes();
const newSandbox = (options?: SandboxOptions) => sandboxes.newSandbox(options);

function run(sb: Sandbox, mounts: readonly BucketMount[], release: MountpointRelease = sandboxes.fixture.gpg) {
  return sb.run(renderUserDataScript({ release, mounts }));
}

/** The fstab lines that mount `dir` (field 2), comments aside. */
function linesFor(sb: Sandbox, dir: string): string[] {
  return sb
    .fstab()
    .split('\n')
    .filter((line) => !line.startsWith('#') && line.split(/\s+/)[1] === dir);
}

describe('userData script on a fresh node', () => {
  test('installs the pinned Mountpoint, adds one fstab line per bucket, reloads systemd, then mounts', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    const data = sb.mount('data', { readOnly: false, allowOverwrite: true, cache: undefined });
    const result = await run(sb, [jars, data]);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', '<work>/mount-s3-1.23.0-x86_64.rpm']]);
    expect(sb.fstab()).toBe(`${FSTAB}${fstabLine(jars)}\n${fstabLine(data)}\n`);
    expect(sb.calls('systemctl', 'mount')).toEqual([
      ['systemctl', 'daemon-reload'],
      ['mount', '--', '<sandbox>/mnt/s3/jars'],
      ['mount', '--', '<sandbox>/mnt/s3/data'],
    ]);
    expect(sb.mounted()).toEqual([jars.path, data.path]);
  });

  test('creates mount points, and cache directories only root may read', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    await run(sb, [jars]);
    expect(fs.statSync(jars.path).isDirectory()).toBe(true);
    expect(fs.statSync(jars.cache!.directory).mode & 0o777).toBe(0o700);
  });

  test('installs the arm64 package on a Graviton node', async () => {
    const sb = newSandbox({ machine: 'aarch64' });
    const result = await run(sb, [sb.mount('jars')]);
    expect(result.code).toBe(0);
    expect(sb.calls('curl')[0].slice(-1)).toEqual([rpmUrl('arm64')]);
  });
});

describe('userData script when Mountpoint is already installed', () => {
  test('downloads nothing and still writes fstab and mounts', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    const result = await run(sb, [jars]);
    expect(result.code).toBe(0);
    expect(sb.calls('curl', 'gpg', 'dnf', 'yum')).toEqual([]);
    expect(linesFor(sb, jars.path)).toEqual([fstabLine(jars)]);
    expect(sb.mounted()).toEqual([jars.path]);
  });
});

describe('userData script when the package cannot be verified', () => {
  test('installs nothing, leaves fstab alone and mounts nothing', async () => {
    const sb = newSandbox();
    const wrong = sandboxes.fixture.fingerprint.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const result = await run(sb, [sb.mount('jars')], {
      ...sandboxes.fixture.gpg,
      verification: { method: 'gpg', fingerprint: wrong, keyUrl: KEY_URL },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`is not signed by the pinned key ${wrong}`);
    expect(result.stderr).toContain('Mountpoint is not installed; no bucket is mounted');
    expect(sb.calls('dnf', 'yum', 'mount', 'systemctl')).toEqual([]);
    expect(sb.fstab()).toBe(FSTAB);
    expect(fs.existsSync(sb.file('opt/aws/mountpoint-s3/bin/mount-s3'))).toBe(false);
  });

  test('refuses a tampered package verified by sha256', async () => {
    const sb = newSandbox();
    fs.appendFileSync(sb.served(rpmUrl('x86_64')), 'tampered\n');
    const result = await run(sb, [sb.mount('jars')], sandboxes.fixture.sha256);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('sha256 mismatch');
    expect(sb.calls('dnf', 'mount')).toEqual([]);
    expect(sb.fstab()).toBe(FSTAB);
  });
});

describe('userData script run twice', () => {
  test('writes each fstab line once and mounts nothing twice', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    const data = sb.mount('data');
    await run(sb, [jars, data]);
    const second = await run(sb, [jars, data]);
    expect(second.code).toBe(0);
    expect(sb.fstab()).toBe(`${FSTAB}${fstabLine(jars)}\n${fstabLine(data)}\n`);
    expect(second.stdout).toContain(`already mounts ${jars.path}`);
    expect(second.stdout).toContain(`${jars.path} is already mounted`);
    expect(sb.calls('mount')).toHaveLength(2);
    expect(sb.calls('dnf')).toHaveLength(1);
  });

  test('replaces an older line for the same mount point and keeps everything else', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    const other = `s3://other-bucket/ ${sb.file('mnt/s3/other')} mount-s3 _netdev,nosuid,nodev,nofail,ro 0 0`;
    const comment = `# s3://old-bucket/ ${jars.path} mount-s3 _netdev,nosuid,nodev,ro 0 0`;
    fs.appendFileSync(sb.file('fstab'), `${comment}\ns3://old-bucket/ ${jars.path} mount-s3 _netdev,nosuid,nodev,ro 0 0\n${other}\n`);
    const result = await run(sb, [jars]);
    expect(result.code).toBe(0);
    expect(sb.fstab()).toBe(`${FSTAB}${comment}\n${other}\n${fstabLine(jars)}\n`);
  });
});

describe('userData script on a node whose own fstab mounts something at the path', () => {
  test("keeps the node's line, writes none of its own, mounts nothing there and exits non-zero", async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    const jars = sb.mount('jars');
    // A custom AMI's instance-store volume, say.
    const own = `/dev/nvme1n1 ${jars.path} xfs defaults,nofail 0 2`;
    fs.appendFileSync(sb.file('fstab'), `${own}\n`);
    const result = await run(sb, [jars]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${sb.file('fstab')} already mounts xfs from /dev/nvme1n1 at ${jars.path}`);
    expect(sb.fstab()).toBe(`${FSTAB}${own}\n`);
    expect(sb.calls('mount')).toEqual([]);
  });
});

describe('userData script with a mount that fails', () => {
  test('mounts the others, removes the empty mount point and exits non-zero', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    const data = sb.mount('data');
    sb.failMount(jars.path);
    const result = await run(sb, [jars, data]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`cannot mount ${jars.path}`);
    expect(sb.mounted()).toEqual([data.path]);
    // A hostPath of type Directory then keeps Spark pods off this node instead of showing them an empty directory.
    expect(fs.existsSync(jars.path)).toBe(false);
    expect(linesFor(sb, jars.path)).toEqual([fstabLine(jars)]);
  });
});

describe('userData script with a comma in a Mountpoint option', () => {
  test('escapes it in fstab and uses the directory as named', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars', { cache: { directory: sb.file('cache/a,b'), maxSizeMiB: 64 } });
    const result = await run(sb, [jars]);
    expect(result.code).toBe(0);
    const options = linesFor(sb, jars.path)[0].split(' ')[3];
    expect(options).toContain(`,cache=${sb.file('cache/a\\,b')},max-cache-size=64,`);
    expect(fs.statSync(sb.file('cache/a,b')).isDirectory()).toBe(true);
  });
});

describe('userData script replaces fstab as a whole', () => {
  test.each(['cat', 'chmod', 'chown', 'mv'])(
    'with %s failing, fstab holds the old or the complete new content, and no staged copy remains',
    async (tool) => {
      const sb = newSandbox();
      const jars = sb.mount('jars');
      sb.stubTool(`${sb.bin}/${tool}`, 'exit 1');
      await run(sb, [jars]);
      expect([FSTAB, `${FSTAB}${fstabLine(jars)}\n`]).toContain(sb.fstab());
      expect(fs.readdirSync(sb.file('.')).filter((name) => name.startsWith('fstab.'))).toEqual([]);
    },
  );

  test('keeps the mode of fstab', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    fs.chmodSync(sb.file('fstab'), 0o644);
    expect((await run(sb, [jars])).code).toBe(0);
    expect(fs.statSync(sb.file('fstab')).mode & 0o777).toBe(0o644);
  });

  test('writes through a symbolic link: the link stays, its target gets the line', async () => {
    const sb = newSandbox();
    const jars = sb.mount('jars');
    fs.mkdirSync(sb.file('real-etc'));
    fs.renameSync(sb.file('fstab'), sb.file('real-etc/fstab'));
    fs.symlinkSync(sb.file('real-etc/fstab'), sb.file('fstab'));
    expect((await run(sb, [jars])).code).toBe(0);
    expect(fs.lstatSync(sb.file('fstab')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(sb.file('real-etc/fstab'), 'utf8')).toBe(`${FSTAB}${fstabLine(jars)}\n`);
  });
});
