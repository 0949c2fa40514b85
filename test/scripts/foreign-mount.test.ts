/**
 * A directory that already holds a mount which is not this bucket's
 * Mountpoint: the scripts must say so, and neither mount over it nor report
 * the bucket as mounted. The tmpfs cases run the real `mountpoint`, `stat`
 * and /proc/self/mountinfo inside a mount namespace of their own.
 */
import { renderMountScript } from '../../lib/scripts/mount-script';
import { renderUserDataScript } from '../../lib/scripts/userdata-script';
import { UNSHARE_MOUNT_NAMESPACE, useSandboxes } from './harness';

const sandboxes = useSandboxes();
const withNamespaces = UNSHARE_MOUNT_NAMESPACE ? test : test.skip;
const NAMESPACE_NOTE = UNSHARE_MOUNT_NAMESPACE ? '' : ' (SKIPPED: neither unshare -m nor unshare -rm is permitted here)';

describe('a foreign mount at the mount path', () => {
  withNamespaces(`the DaemonSet script refuses a tmpfs at the path and starts no mount-s3${NAMESPACE_NOTE}`, async () => {
    expect.hasAssertions();
    const sb = sandboxes.newSandbox({ installedVersion: '1.23.0', realMountTable: true });
    const jars = sb.mount('jars');
    const result = await sb.runWithTmpfsAt(
      jars.path,
      renderMountScript({ release: sandboxes.fixture.gpg, mounts: [jars], checkIntervalSeconds: 0.05, onStop: 'keep' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `jars: ${jars.path} already holds a mount that is not Mountpoint's (tmpfs from tmpfs); not mounting over it`,
    );
    expect(sb.calls('systemd-run', 'umount')).toEqual([]);
  });

  withNamespaces(`the userData script refuses a tmpfs at the path instead of reporting it mounted${NAMESPACE_NOTE}`, async () => {
    expect.hasAssertions();
    const sb = sandboxes.newSandbox({ realMountTable: true });
    const jars = sb.mount('jars');
    const result = await sb.runWithTmpfsAt(jars.path, renderUserDataScript({ release: sandboxes.fixture.gpg, mounts: [jars] }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${jars.path} already holds a mount that is not Mountpoint's (tmpfs from tmpfs)`);
    expect(result.stdout).not.toContain(`${jars.path} is already mounted`);
    expect(sb.calls('mount')).toEqual([]);
  });

  test('the DaemonSet script refuses a Mountpoint mount of another bucket at the path, and leaves it alone', async () => {
    expect.hasAssertions();
    const sb = sandboxes.newSandbox({ installedVersion: '1.23.0' });
    const jars = sb.mount('jars');
    sb.addMount(jars.path, 'spark-other');
    const result = await sb.run(
      renderMountScript({ release: sandboxes.fixture.gpg, mounts: [jars], checkIntervalSeconds: 0.05, onStop: 'keep' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `jars: ${jars.path} is a Mountpoint mount, but no mount-s3 process serves s3://${jars.bucket} there (another bucket?)`,
    );
    expect(sb.calls('systemd-run', 'umount')).toEqual([]);
    expect(sb.mounted()).toEqual([jars.path]);
  });
});
