import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MountpointRelease } from '../../lib/mountpoint/types';
import { renderInstallMountpoint } from '../../lib/scripts/install-mountpoint';
import { KEY_URL, OS_RELEASE, rpmUrl, Sandbox, SandboxOptions, useSandboxes } from './harness';

const sandboxes = useSandboxes();
const VERIFIED_ELSEWHERE: MountpointRelease = {
  version: '1.23.0',
  baseUrl: 'https://unused.example',
  packageSource: 'release',
  verification: { method: 'sha256', sha256: { x86_64: '0'.repeat(64), arm64: '0'.repeat(64) } },
};
const newSandbox = (options?: SandboxOptions) => sandboxes.newSandbox(options);

/** The fragment used the way EC2 userData would: no errexit, then call it. */
function install(sb: Sandbox, release: MountpointRelease) {
  return sb.run(`${renderInstallMountpoint(release)}\ninstall_mountpoint\n`);
}

/** Amazon Linux 2023's own package; dnf verifies it, so the rpm verification settings go unused. */
const REPOSITORY: MountpointRelease = { ...VERIFIED_ELSEWHERE, packageSource: 'al2023-repository' };

const RPM_X86 = '<work>/mount-s3-1.23.0-x86_64.rpm';
const CURL = ['curl', '-fsSL', '--retry', '3', '-o'];
const GPG = ['gpg', '--batch', '--homedir', '<work>/gnupg', '--no-autostart'];
const INSTALL_TOOLS = ['curl', 'gpg', 'sha256sum', 'dnf', 'yum'];

describe('install_mountpoint with GPG verification', () => {
  test('downloads the pinned rpm, checks its signature against KEYS, then installs that one file with dnf', async () => {
    const sb = newSandbox();
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls(...INSTALL_TOOLS)).toEqual([
      [...CURL, RPM_X86, rpmUrl('x86_64')],
      [...CURL, '<work>/KEYS', KEY_URL],
      [...CURL, `${RPM_X86}.asc`, `${rpmUrl('x86_64')}.asc`],
      ['gpg', '--dump-options'],
      [...GPG, '--import', '<work>/KEYS'],
      [...GPG, '--status-fd', '1', '--verify', `${RPM_X86}.asc`, RPM_X86],
      ['dnf', 'install', '-y', RPM_X86],
    ]);
    expect(result.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} installed Mountpoint 1\.23\.0$/m);
  });

  test('removes its download directory afterwards', async () => {
    const sb = newSandbox();
    await install(sb, sandboxes.fixture.gpg);
    expect(fs.readdirSync(sb.tmp)).toEqual([]);
  });

  test("installs although KEYS holds a second primary key besides the pinned one, as upstream's does", async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    const home = fs.mkdtempSync(`${sb.tmp}-gnupg`);
    const imported = execFileSync('gpg', ['--batch', '--homedir', home, '--show-keys', '--with-colons', sb.served(KEY_URL)]).toString();
    fs.rmSync(home, { recursive: true });
    expect(imported.match(/^pub:/gm)).toHaveLength(2);
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', RPM_X86]]);
  });

  test('installs a package signed by a signing subkey of the pinned key', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    fs.copyFileSync(sandboxes.fixture.signatures.subkey, sb.served(`${rpmUrl('x86_64')}.asc`));
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', RPM_X86]]);
  });

  test('refuses a package signed by the other key of KEYS, and installs nothing', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    fs.copyFileSync(sandboxes.fixture.signatures.older, sb.served(`${rpmUrl('x86_64')}.asc`));
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `${rpmUrl('x86_64')} is not signed by the pinned key ${sandboxes.fixture.fingerprint} (good signatures by: [${sandboxes.fixture.olderFingerprint}])`,
    );
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });

  test('refuses a package signed by a key that is not in KEYS', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    fs.copyFileSync(sandboxes.fixture.signatures.unknown, sb.served(`${rpmUrl('x86_64')}.asc`));
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`no good signature on ${rpmUrl('x86_64')}`);
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });

  test("refuses a good signature when the pinned fingerprint is another key's", async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    const wrong = sandboxes.fixture.fingerprint.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const result = await install(sb, { ...sandboxes.fixture.gpg, verification: { method: 'gpg', fingerprint: wrong, keyUrl: KEY_URL } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`is not signed by the pinned key ${wrong} (good signatures by: [${sandboxes.fixture.fingerprint}])`);
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });

  test('refuses a signature of the pinned key once KEYS says that key is revoked', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    fs.copyFileSync(sandboxes.fixture.revokedKeys, sb.served(KEY_URL));
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${rpmUrl('x86_64')} is signed by a revoked key`);
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });

  test('refuses a package whose signature does not match it', async () => {
    const sb = newSandbox();
    fs.appendFileSync(sb.served(rpmUrl('x86_64')), 'tampered\n');
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`no good signature on ${rpmUrl('x86_64')}`);
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });

  test('refuses to install when the signature cannot be downloaded', async () => {
    const sb = newSandbox();
    fs.rmSync(sb.served(`${rpmUrl('x86_64')}.asc`));
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`refusing to install Mountpoint: ${rpmUrl('x86_64')} could not be downloaded and verified`);
    expect(sb.calls('gpg', 'dnf', 'yum')).toEqual([]);
  });
});

describe('install_mountpoint with the gpg of each distribution', () => {
  // Amazon Linux 2023 ships gnupg2-minimal, without gpg-agent (the CSI driver's
  // Dockerfile swaps in gnupg2-full for that reason). A gpg that tries to start
  // the agent fails --import with exit 2; --no-autostart keeps it from trying.
  test('verifies and installs with a gpg that has no gpg-agent (Amazon Linux 2023 gnupg2-minimal)', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    const gpg = execFileSync('bash', ['-c', 'command -v gpg']).toString().trim();
    fs.writeFileSync(
      path.join(sb.bin, 'gpg'),
      `#!/usr/bin/env bash\n. "$STUB_LIB"\nlog_call "$@"\nexec ${gpg} --agent-program /nonexistent/gpg-agent "$@"\n`,
      { mode: 0o755 },
    );
    const result = await install(sb, sandboxes.fixture.gpg);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', RPM_X86]]);
  });

  // Amazon Linux 2 ships GnuPG 2.0.22, which has no --no-autostart (added in
  // GnuPG 2.1.1, gnupg commit 7aee3579b) and exits 2 on an unknown option.
  // Debian's gpg1 (1.4) refuses the option the same way, so it stands in for it;
  // it has no ed25519, hence an RSA key of its own.
  test('verifies and installs with a gpg that does not know --no-autostart', async () => {
    expect.hasAssertions();
    const sb = newSandbox();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-gpg1-'));
    const gpg = (...args: string[]) => execFileSync('gpg', ['--batch', '--homedir', home, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      gpg('--passphrase', '', '--quick-gen-key', 'rsa-release <rsa@example.com>', 'rsa2048', 'sign', 'never');
      const fingerprint = /^fpr:(?:[^:]*:){8}([0-9A-F]{40}):/m.exec(gpg('--with-colons', '--fingerprint').toString())![1];
      fs.writeFileSync(sb.served(KEY_URL), gpg('--armor', '--export'));
      gpg('--armor', '--yes', '--detach-sign', '--output', sb.served(`${rpmUrl('x86_64')}.asc`), sb.served(rpmUrl('x86_64')));
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
      fs.writeFileSync(path.join(sb.bin, 'gpg'), '#!/usr/bin/env bash\n. "$STUB_LIB"\nlog_call "$@"\nexec gpg1 "$@"\n', { mode: 0o755 });
      const result = await install(sb, { ...sandboxes.fixture.gpg, verification: { method: 'gpg', fingerprint, keyUrl: KEY_URL } });
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
      expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', RPM_X86]]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('install_mountpoint with SHA-256 verification', () => {
  test('checks the digest pinned for the architecture, then installs with dnf', async () => {
    const sb = newSandbox();
    const result = await install(sb, sandboxes.fixture.sha256);
    expect(result.code).toBe(0);
    expect(sb.calls(...INSTALL_TOOLS)).toEqual([
      [...CURL, RPM_X86, rpmUrl('x86_64')],
      ['sha256sum', '-c', '--quiet'],
      ['dnf', 'install', '-y', RPM_X86],
    ]);
  });

  test('refuses a package whose digest differs, and installs nothing', async () => {
    const sb = newSandbox();
    fs.appendFileSync(sb.served(rpmUrl('x86_64')), 'tampered\n');
    const result = await install(sb, sandboxes.fixture.sha256);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`sha256 mismatch for ${rpmUrl('x86_64')}`);
    expect(sb.calls('dnf', 'yum')).toEqual([]);
  });
});

describe('install_mountpoint platform detection', () => {
  test('uses yum on Amazon Linux 2', async () => {
    const sb = newSandbox({ osRelease: OS_RELEASE.al2 });
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf', 'yum')).toEqual([['yum', 'install', '-y', RPM_X86]]);
  });

  test('downloads the arm64 package on aarch64', async () => {
    const sb = newSandbox({ machine: 'aarch64' });
    const result = await install(sb, sandboxes.fixture.sha256);
    expect(result.code).toBe(0);
    expect(sb.calls('curl', 'dnf')).toEqual([
      [...CURL, '<work>/mount-s3-1.23.0-arm64.rpm', rpmUrl('arm64')],
      ['dnf', 'install', '-y', '<work>/mount-s3-1.23.0-arm64.rpm'],
    ]);
  });

  test('fails clearly on an architecture Mountpoint does not ship', async () => {
    const sb = newSandbox({ machine: 's390x' });
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unsupported CPU architecture 's390x'");
    expect(sb.calls(...INSTALL_TOOLS)).toEqual([]);
  });

  test('fails clearly on a distribution other than Amazon Linux', async () => {
    const sb = newSandbox({ osRelease: OS_RELEASE.ubuntu });
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unsupported distribution (ID=ubuntu VERSION_ID=24.04)');
    expect(sb.calls(...INSTALL_TOOLS)).toEqual([]);
  });
});

describe('install_mountpoint when Mountpoint is already there', () => {
  test('does nothing when the pinned version is installed', async () => {
    const sb = newSandbox({ installedVersion: '1.23.0' });
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls()).toEqual([['mount-s3', '--version']]);
    expect(result.stdout).toContain('Mountpoint 1.23.0 is already installed');
  });

  test('installs the pinned version over a different one', async () => {
    const sb = newSandbox({ installedVersion: '1.22.0' });
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('installing Mountpoint 1.23.0 (installed now: mount-s3 1.22.0)');
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', RPM_X86]]);
  });

  test('fails when the package manager leaves another version in place', async () => {
    const sb = newSandbox();
    const rpm = sb.served(rpmUrl('x86_64'));
    fs.writeFileSync(rpm, 'fake mount-s3 rpm\nversion=1.22.0\n');
    const digest = createHash('sha256').update(fs.readFileSync(rpm)).digest('hex');
    const release: MountpointRelease = {
      ...sandboxes.fixture.sha256,
      verification: { method: 'sha256', sha256: { x86_64: digest, arm64: digest } },
    };
    const result = await install(sb, release);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`after installing Mountpoint 1.23.0, ${sb.prefix}/bin/mount-s3 reports 'mount-s3 1.22.0'`);
  });
});

describe('install_mountpoint as a reusable fragment', () => {
  test("runs under set -euo pipefail without touching the caller's EXIT trap", async () => {
    const sb = newSandbox();
    const result = await sb.run(
      `set -euo pipefail\ntrap 'echo caller trap ran' EXIT\n${renderInstallMountpoint(sandboxes.fixture.gpg)}\ninstall_mountpoint\necho caller continues\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/caller continues\ncaller trap ran\n$/);
  });

  test('returns non-zero to a set -e caller instead of exiting it', async () => {
    const sb = newSandbox({ machine: 's390x' });
    const result = await sb.run(
      `set -euo pipefail\n${renderInstallMountpoint(sandboxes.fixture.gpg)}\nif ! install_mountpoint; then echo "caller handles failure"; fi\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('caller handles failure');
  });
});

describe('install_mountpoint when the package manager is busy (first boot: cloud-init, SSM agent)', () => {
  const sleeps = (sb: Sandbox) => sb.calls('sleep').map((argv) => argv[1]);

  test('Amazon Linux 2023, release rpm: retries dnf with doubling back-off until it succeeds', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ stubSleep: true });
    sb.failPackageManager('dnf', 2);
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual(Array(3).fill(['dnf', 'install', '-y', RPM_X86]));
    expect(sleeps(sb)).toEqual(['3', '6']);
    expect(result.stdout).toContain('dnf failed (attempt 2 of 5); retrying in 6s');
  });

  test('Amazon Linux 2, release rpm: retries yum the same way', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ osRelease: OS_RELEASE.al2, stubSleep: true });
    sb.failPackageManager('yum', 4);
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('yum')).toHaveLength(5);
    expect(sleeps(sb)).toEqual(['3', '6', '12', '24']);
  });

  test('Amazon Linux 2023, repository package: retries dnf, then accepts its version string', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ stubSleep: true });
    sb.failPackageManager('dnf', 1);
    const result = await install(sb, REPOSITORY);
    expect(result.code).toBe(0);
    expect(sb.calls('curl', 'gpg', 'sha256sum', 'dnf')).toEqual([
      ['dnf', 'install', '-y', 'mount-s3-1.23.0'],
      ['dnf', 'install', '-y', 'mount-s3-1.23.0'],
    ]);
    expect(fs.existsSync(`${sb.usrBin}/mount-s3`)).toBe(true);
    expect(result.stdout).toContain('installed Mountpoint 1.23.0');
  });

  test('gives up after five attempts, saying so', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ stubSleep: true });
    sb.failPackageManager('dnf', 'always');
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).not.toBe(0);
    expect(sb.calls('dnf')).toHaveLength(5);
    expect(result.stderr).toContain(
      `dnf install -y ${result.stderr.match(/\S*mount-s3-1\.23\.0-x86_64\.rpm/)![0]} failed 5 times; giving up`,
    );
  });

  test('waits while another package manager runs before its first attempt', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ stubSleep: true });
    sb.busyPackageManager(2);
    const result = await install(sb, sandboxes.fixture.gpg);
    expect(result.code).toBe(0);
    expect(sb.calls('pgrep', 'sleep', 'dnf').map((argv) => argv[0])).toEqual(['pgrep', 'sleep', 'pgrep', 'sleep', 'pgrep', 'dnf']);
    expect(result.stdout.match(/waiting for another package manager to finish/g)).toHaveLength(1);
  });
});

describe('install_mountpoint from the Amazon Linux 2023 repository', () => {
  test('does nothing when the repository package is installed at the pinned version', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ installedVersion: '1.23.0+1.amzn2023', installedFrom: 'al2023-repository' });
    const result = await install(sb, REPOSITORY);
    expect(result.code).toBe(0);
    expect(sb.calls()).toEqual([['mount-s3', '--version']]);
    expect(result.stdout).toContain('Mountpoint 1.23.0 is already installed (mount-s3 1.23.0+1.amzn2023)');
  });

  test('replaces another installed version with the pinned one', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ installedVersion: '1.22.0+1.amzn2023', installedFrom: 'al2023-repository' });
    const result = await install(sb, REPOSITORY);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', 'mount-s3-1.23.0']]);
  });

  test('refuses on Amazon Linux 2, which has no such package', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ osRelease: OS_RELEASE.al2 });
    const result = await install(sb, REPOSITORY);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('packageSource al2023-repository needs Amazon Linux 2023, but this node runs Amazon Linux 2');
    expect(sb.calls('yum', 'dnf')).toEqual([]);
  });

  test('fails clearly when the repository does not carry the pinned version', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ stubSleep: true });
    sb.repositoryOffers('1.21.0');
    const result = await install(sb, REPOSITORY);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("mount-s3-1.23.0 is not installable from this node's Amazon Linux 2023 repositories");
  });

  test('does not take 1.23.01+… for the pinned 1.23.0', async () => {
    expect.hasAssertions();
    const sb = newSandbox({ installedVersion: '1.23.01+1.amzn2023', installedFrom: 'al2023-repository' });
    const result = await install(sb, REPOSITORY);
    expect(result.code).toBe(0);
    expect(sb.calls('dnf')).toEqual([['dnf', 'install', '-y', 'mount-s3-1.23.0']]);
  });
});

describe('mp_wait_for_package_lock with the real pgrep', () => {
  test('waits while a process named dnf runs, and not for one whose name only starts so', () => {
    expect.hasAssertions();
    // A missing pgrep would make the function wait for nothing: fail loudly instead (.ci/run installs procps).
    expect(spawnSync('bash', ['-c', 'command -v pgrep']).status).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-lock-'));
    const sleep = execFileSync('bash', ['-c', 'command -v sleep']).toString().trim();
    for (const name of ['dnf', 'dnfdragora']) fs.copyFileSync(sleep, path.join(dir, name));
    // The holder runs for a second; the function is called once pgrep sees it.
    const wait = (holder: string) =>
      execFileSync('bash', [
        '-c',
        `${renderInstallMountpoint(VERIFIED_ELSEWHERE)}\n"$1" 1 & for _ in {1..500}; do pgrep -x "\${1##*/}" >/dev/null && break; done; mp_wait_for_package_lock; kill $! 2>/dev/null; wait`,
        'test',
        path.join(dir, holder),
      ]).toString();
    try {
      fs.readdirSync(dir).forEach((name) => fs.chmodSync(path.join(dir, name), 0o755));
      expect(wait('dnf')).toContain('waiting for another package manager to finish');
      expect(wait('dnfdragora')).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
