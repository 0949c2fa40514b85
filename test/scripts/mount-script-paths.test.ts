import { fstabMountDirs } from '../../lib/check/wiring/host-mounts';
import { toBucketMount, toMountpointRelease } from '../../lib/config/resolve';
import { renderMountScript } from '../../lib/scripts/mount-script';
import { mountDirsInScript } from '../../lib/scripts/mount-script-paths';
import { EXAMPLES, exampleConfig } from '../helpers';

/** The examples with buckets that the node DaemonSet's script mounts. */
const NODE_DAEMONSET_EXAMPLES = EXAMPLES.filter((example) =>
  exampleConfig(example).buckets.some((b) => b.mount.approach === 'node-daemonset'),
);

describe('check reads back the directories a node mount script mounts', () => {
  test.each(NODE_DAEMONSET_EXAMPLES)('%s', (example) => {
    const config = exampleConfig(example);
    const mounts = config.buckets.filter((b) => b.mount.approach === 'node-daemonset').map((b) => toBucketMount(config, b));
    const { checkIntervalSeconds, onStop } = config.nodeDaemonSet;
    const script = renderMountScript({ release: toMountpointRelease(config), mounts, checkIntervalSeconds, onStop });
    expect(mountDirsInScript(script)).toEqual(mounts.map((m) => m.path));
  });

  test("a quote inside a path survives shellQuote's escaping", () => {
    expect(mountDirsInScript(`  MOUNT_DIR='/mnt/it'\\''s'\n`)).toEqual(["/mnt/it's"]);
  });
});

test('fstab lines in userData give their mount points, wherever they are written from', () => {
  const userData = [
    '#!/bin/bash',
    "echo 's3://jars/prefix/ /mnt/s3/jars mount-s3 _netdev,nosuid,nodev,ro 0 0' >> /etc/fstab",
    'cat >>/etc/fstab <<EOF',
    's3://data/ /mnt/s3/with\\040space mount-s3 _netdev,nosuid,nodev 0 0',
    'EOF',
    '/dev/xvdb /data ext4 defaults 0 2',
  ].join('\n');
  expect(fstabMountDirs(userData)).toEqual(['/mnt/s3/jars', '/mnt/s3/with space']);
});
