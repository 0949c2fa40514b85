import * as yaml from 'js-yaml';
import { SHARED_PARENTS, SYSTEM_TREES } from '../../lib/config/host-path-rules';
import { loadConfigText } from '../../lib/config/load';
import { toBucketMount } from '../../lib/config/resolve';
import { mountpointOptions } from '../../lib/mountpoint/options';
import { defaultConfigData, problemsOf, readExample, startsWith } from '../helpers';

function problemsAfter(change: (config: Record<string, any>) => void, example?: string): string[] {
  const data = example ? (yaml.load(readExample(example)) as Record<string, any>) : defaultConfigData();
  change(data);
  return problemsOf(data);
}

/** A second node-daemonset bucket of the default config's team. */
function addBucket(c: Record<string, any>, mount: Record<string, unknown>): void {
  c.buckets.push({ name: 'other', bucket: 'other-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/other', ...mount } });
  c.teams[0].buckets.push('other');
  c.sparkApplications[0].deps.bucket = 'jars';
}

describe('KMS keys for --sse-kms-key-id', () => {
  test('refuses an alias ARN, which Mountpoint refuses', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].kmsKeyArn = 'arn:aws:kms:us-west-2:111122223333:alias/spark-jars'))).toEqual([
      expect.stringMatching(startsWith('buckets[0].kmsKeyArn: is an alias ARN, which Mountpoint refuses for --sse-kms-key-id')),
    ]);
  });

  test('accepts a key ARN', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => (c.buckets[0].kmsKeyArn = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')),
    ).toEqual([]);
  });

  test('passes --sse flags only for a writable mount', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.buckets[0].kmsKeyArn = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const flags = (readOnly: boolean) => {
      const config = loadConfigText(yaml.dump({ ...data, buckets: [{ ...data.buckets[0], readOnly }] }), 'c.yaml');
      return mountpointOptions(toBucketMount(config, config.buckets[0])).map((o) => o.name);
    };
    expect(flags(true)).not.toContain('sse');
    expect(flags(false)).toEqual(expect.arrayContaining(['sse', 'sse-kms-key-id']));
  });
});

describe('ownership flags', () => {
  test.each(['uid', 'gid'])('refuses %s 0, which Mountpoint refuses', (field) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount[field] = 0))).toEqual([`buckets[0].mount.${field}: must be >= 1`]);
  });
});

describe('metadata TTL', () => {
  test('refuses 0, which Mountpoint deprecates', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.metadataTtl = '0'))).toEqual([
      'buckets[0].mount.metadataTtl: must be a number of seconds (1 or more, at most 10 digits: Mountpoint deprecates 0), "indefinite" or "minimal"',
    ]);
  });
});

describe('system paths', () => {
  test.each(SYSTEM_TREES.flatMap((tree) => [tree, `${tree}/s3-jars`]))('refuses mount path %s', (path) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.path = path))).toContainEqual(
      expect.stringMatching(startsWith(`buckets[0].mount.path: "${path}" is `)),
    );
  });

  test.each(['/etc', '/boot/efi', '/var/lib/kubelet/s3', '/var/lib/containerd', '/usr/local/cache'])(
    'refuses cache directory %s',
    (path) => {
      expect.hasAssertions();
      expect(problemsAfter((c) => (c.buckets[0].mount.cache.directory = path))).toEqual([
        expect.stringMatching(startsWith(`buckets[0].mount.cache.directory: "${path}" is `)),
      ]);
    },
  );

  test.each(SHARED_PARENTS)('refuses %s itself, which would hide the rest of it, but not a directory below it', (path) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.path = path))).toContain(
      `buckets[0].mount.path: "${path}" would hide everything else in it; choose a directory of its own below it, such as ${path}/s3/NAME`,
    );
    expect(problemsAfter((c) => (c.buckets[0].mount.path = `${path}/s3/jars`))).toEqual([]);
  });

  test('refuses a pod-csi mount path over a system directory of the container', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.path = '/usr/lib/jars'), 'pod-csi.yaml')).toEqual([
      expect.stringMatching(startsWith('buckets[0].mount.path: "/usr/lib/jars" is inside the system directory /usr')),
    ]);
  });

  test('does not confuse a sibling that shares a name prefix with a system directory', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.path = '/etcetera/jars'))).toEqual([]);
  });
});

describe('mounts and caches of different buckets', () => {
  test("refuses a cache inside the bucket's own mount", () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.cache.directory = '/mnt/s3/jars/.cache'))).toEqual([
      'buckets[0].mount.cache.directory: "/mnt/s3/jars/.cache" overlaps this bucket\'s own mount path "/mnt/s3/jars"; a cache must live outside every mount',
    ]);
  });

  test("refuses a cache inside another bucket's mount", () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => addBucket(c, { cache: { directory: '/mnt/s3/jars/other-cache' } }))).toEqual([
      'buckets[1].mount.cache.directory: "/mnt/s3/jars/other-cache" overlaps the mount path "/mnt/s3/jars" of buckets[0]; a cache must live outside every mount',
    ]);
  });

  test("refuses a mount path that contains another bucket's cache", () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => addBucket(c, { path: '/var/cache/mountpoint-s3' }))).toEqual([
      'buckets[0].mount.cache.directory: "/var/cache/mountpoint-s3/jars" overlaps the mount path "/var/cache/mountpoint-s3" of buckets[1]; a cache must live outside every mount',
      'buckets[1].mount.cache.directory: "/var/cache/mountpoint-s3/other" overlaps this bucket\'s own mount path "/var/cache/mountpoint-s3"; a cache must live outside every mount',
    ]);
  });
});

describe('cache size', () => {
  test('has no default: Mountpoint keeps 5% of the disk free by itself', () => {
    expect.hasAssertions();
    const config = loadConfigText(readExample('node-daemonset.yaml'), 'c.yaml');
    expect(config.buckets[0].mount.cache.maxSizeMiB).toBeUndefined();
    expect(mountpointOptions(toBucketMount(config, config.buckets[0])).map((o) => o.name)).not.toContain('max-cache-size');
  });

  test('refuses an unbounded cache under /tmp, a RAM-backed tmpfs on Amazon Linux 2023', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.cache = { directory: '/tmp/s3-cache' }))).toEqual([
      'buckets[0].mount.cache.maxSizeMiB: is required for a cache under /tmp ("/tmp/s3-cache"): /tmp is a tmpfs in memory on Amazon Linux 2023, and without a limit Mountpoint fills it up to 95%; or choose a directory on disk such as /var/cache/mountpoint-s3/jars',
    ]);
  });

  test('accepts a cache under /tmp with a size limit', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.buckets[0].mount.cache = { directory: '/tmp/s3-cache', maxSizeMiB: 512 }))).toEqual([]);
  });

  test("refuses caches that together exceed the root volume of a pool's nodes", () => {
    expect.hasAssertions();
    const problems = problemsAfter((c) => {
      c.nodePools[1].ec2NodeClass.rootVolume = { sizeGiB: 20 };
      c.buckets.push({
        name: 'more',
        bucket: 'more-jars',
        mount: { approach: 'node-userdata', path: '/mnt/s3/more', cache: { maxSizeMiB: 12288 } },
      });
      c.nodePools[1].buckets.push('more');
    }, 'node-userdata.yaml');
    expect(problems).toEqual([
      'nodePools[1].ec2NodeClass.rootVolume.sizeGiB: 20 GiB (20480 MiB) is less than the 22528 MiB of Mountpoint caches its nodes hold (jars: 10240 MiB, more: 12288 MiB); grow the volume, lower mount.cache.maxSizeMiB, or leave it unset so Mountpoint keeps 5% of the disk free',
    ]);
  });

  test('counts the DaemonSet buckets of the teams that run on a pool', () => {
    expect.hasAssertions();
    const problems = problemsAfter((c) => {
      c.nodePools[1].ec2NodeClass.rootVolume = { sizeGiB: 10 };
      c.nodePools[1].buckets = [];
      c.buckets.push({
        name: 'ds',
        bucket: 'ds-jars',
        mount: { approach: 'node-daemonset', path: '/mnt/s3/ds', cache: { maxSizeMiB: 11264 } },
      });
      c.teams[1].buckets = ['ds'];
      delete c.sparkApplications[1];
      c.sparkApplications = c.sparkApplications.filter(Boolean);
    }, 'node-userdata.yaml');
    expect(problems).toEqual([
      expect.stringMatching(startsWith('nodePools[1].ec2NodeClass.rootVolume.sizeGiB: 10 GiB (10240 MiB) is less than the 11264 MiB')),
    ]);
  });

  test('accepts caches without a size on a small volume', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        c.nodePools[1].ec2NodeClass.rootVolume = { sizeGiB: 8 };
        delete c.buckets[0].mount.cache.maxSizeMiB;
      }, 'node-userdata.yaml'),
    ).toEqual([]);
  });

  test('requires a size for a pod-csi ephemeral cache volume', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        delete c.buckets[0].mount.cache.maxSizeMiB;
        c.buckets[0].mount.csi.cache = { type: 'ephemeral', storageClassName: 'gp3' };
      }, 'pod-csi.yaml'),
    ).toEqual(['buckets[0].mount.cache.maxSizeMiB: is required for cache type ephemeral: it is the size the cache volume requests']);
  });
});

describe('mountpoint.packageSource', () => {
  test('refuses the Amazon Linux 2023 repository for a pool of Amazon Linux 2 nodes', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        c.mountpoint.packageSource = 'al2023-repository';
        c.nodePools[1].ec2NodeClass.amiAlias = 'al2@latest';
      }, 'node-userdata.yaml'),
    ).toEqual([
      'nodePools[1].ec2NodeClass.amiAlias: is Amazon Linux 2, which has no mount-s3 package: mountpoint.packageSource al2023-repository needs Amazon Linux 2023 (or use packageSource release)',
    ]);
  });

  test("refuses it for a pool pinned to an Amazon Linux 2023 AMI older than the repository's mount-s3 (2023.9.20251110)", () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        c.mountpoint.packageSource = 'al2023-repository';
        c.nodePools[1].ec2NodeClass.amiAlias = 'al2023@v20250505';
      }, 'node-userdata.yaml'),
    ).toEqual([
      "nodePools[1].ec2NodeClass.amiAlias: al2023@v20250505 predates mount-s3 in the Amazon Linux 2023 repository (since AMI v20251110; nodes stay on their AMI's repository version): pin v20251110 or later, or use packageSource release",
    ]);
  });

  test('accepts it for a pool pinned to the first Amazon Linux 2023 AMI whose repository has mount-s3', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        c.mountpoint.packageSource = 'al2023-repository';
        c.nodePools[1].ec2NodeClass.amiAlias = 'al2023@v20251110';
      }, 'node-userdata.yaml'),
    ).toEqual([]);
  });

  test('accepts it for Amazon Linux 2023 pools', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.mountpoint.packageSource = 'al2023-repository'), 'node-userdata.yaml')).toEqual([]);
  });
});
