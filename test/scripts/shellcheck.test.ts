import { spawnSync } from 'child_process';
import { BucketMount, MountpointRelease } from '../../lib/mountpoint/types';
import { renderInstallMountpoint } from '../../lib/scripts/install-mountpoint';
import { MountScriptProps, renderMountScript } from '../../lib/scripts/mount-script';
import { GPG_RELEASE, JARS, SCRATCH } from '../fixtures/bucket-mounts';
import { renderUserDataScript, UserDataScriptProps } from '../../lib/scripts/userdata-script';

const SHA256_RELEASE: MountpointRelease = {
  ...GPG_RELEASE,
  verification: { method: 'sha256', sha256: { x86_64: 'a'.repeat(64), arm64: 'b'.repeat(64) } },
};

const HOSTILE = `'$(touch /tmp/pwned)'\`id\`"; rm -rf / #`;
const NASTY: BucketMount = {
  ...JARS,
  bucket: `b${HOSTILE}`,
  prefix: `${HOSTILE}/`,
  region: HOSTILE,
  path: `/mnt/it's ${HOSTILE}`,
  cache: { directory: `/var/cache/${HOSTILE}` },
  readOnly: false,
  kmsKeyArn: HOSTILE,
};

/** shellcheck's verdict; a missing shellcheck fails the test, locally and in CI alike. */
function shellcheck(script: string): { status: number | null; output: string } {
  const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`shellcheck is required for these tests (apt-get install -y shellcheck): ${result.error.message}`);
  }
  return { status: result.status, output: result.stdout + result.stderr };
}

const KEEP = { checkIntervalSeconds: 60, onStop: 'keep' } as const;
const SCRIPTS: Record<string, MountScriptProps> = {
  'GPG verification, one mount': { ...KEEP, release: GPG_RELEASE, mounts: [JARS] },
  'SHA-256 verification, two mounts': { ...KEEP, release: SHA256_RELEASE, mounts: [JARS, SCRATCH] },
  "onStop 'unmount'": { ...KEEP, release: GPG_RELEASE, mounts: [JARS, SCRATCH], onStop: 'unmount' },
  'hostile values in every field': {
    ...KEEP,
    release: { ...GPG_RELEASE, version: HOSTILE, baseUrl: HOSTILE, verification: { method: 'gpg', fingerprint: HOSTILE, keyUrl: HOSTILE } },
    mounts: [NASTY],
  },
  'hostile values with SHA-256': {
    ...KEEP,
    release: { ...SHA256_RELEASE, verification: { method: 'sha256', sha256: { x86_64: HOSTILE, arm64: HOSTILE } } },
    mounts: [NASTY, JARS],
  },
};

/** Hostile but without white space, which fstab fields cannot hold (fstabLine refuses it). */
const HOSTILE_WORD = `'$(touch${'$'}{IFS}/tmp/pwned)'\`id\`";rm${'$'}{IFS}-rf${'$'}{IFS}/#`;
const NASTY_WORD: BucketMount = {
  ...JARS,
  bucket: `b${HOSTILE_WORD}`,
  prefix: `${HOSTILE_WORD}/`,
  region: HOSTILE_WORD,
  path: `/mnt/${HOSTILE_WORD}`,
  cache: { directory: `/var/cache/${HOSTILE_WORD}` },
  readOnly: false,
  kmsKeyArn: HOSTILE_WORD,
};

const USERDATA_SCRIPTS: Record<string, UserDataScriptProps> = {
  'GPG verification, one mount': { release: GPG_RELEASE, mounts: [JARS] },
  'SHA-256 verification, two mounts': { release: SHA256_RELEASE, mounts: [JARS, SCRATCH] },
  'hostile values in every field': { release: GPG_RELEASE, mounts: [NASTY_WORD, SCRATCH] },
  'the Amazon Linux 2023 repository package': { release: { ...GPG_RELEASE, packageSource: 'al2023-repository' }, mounts: [JARS] },
};

describe('shellcheck -s bash', () => {
  test.each(Object.entries(USERDATA_SCRIPTS))('passes the userData script with %s', (_, props) => {
    expect(shellcheck(renderUserDataScript(props))).toEqual({ status: 0, output: '' });
  });

  test.each(Object.entries(SCRIPTS))('passes the mount script with %s', (_, props) => {
    expect(shellcheck(renderMountScript(props))).toEqual({ status: 0, output: '' });
  });

  test.each([
    ['GPG', GPG_RELEASE],
    ['SHA-256', SHA256_RELEASE],
    ['Amazon Linux 2023 repository', { ...GPG_RELEASE, packageSource: 'al2023-repository' as const }],
  ])('passes the install fragment on its own (%s)', (_, release) => {
    expect(shellcheck(renderInstallMountpoint(release))).toEqual({ status: 0, output: '' });
  });

  test('is really checking: it rejects an unquoted expansion', () => {
    expect(shellcheck('#!/usr/bin/env bash\nrm -rf $1/tmp\n').status).not.toBe(0);
  });
});
