import { escapeOptionValue, fstabLine } from '../../lib/mountpoint/fstab';
import { mountpointOptions } from '../../lib/mountpoint/options';
import { BucketMount } from '../../lib/mountpoint/types';
import { JARS, SCRATCH } from '../fixtures/bucket-mounts';

function fields(mount: BucketMount): string[] {
  return fstabLine(mount).split(' ');
}

describe('fstab line of a read-only bucket with a prefix and a cache', () => {
  const [source, path, type, options, dump, pass] = fields(JARS);

  test('has the six fstab fields', () => {
    expect(fields(JARS)).toHaveLength(6);
  });

  test('names the bucket and prefix as an s3:// URL', () => {
    expect(source).toBe('s3://my-spark-jars/jars/');
  });

  test('mounts at the mount path with the mount-s3 type, never dumped or fsck-ed', () => {
    expect([path, type, dump, pass]).toEqual(['/mnt/s3/jars', 'mount-s3', '0', '0']);
  });

  test("starts with the options Mountpoint requires in fstab, then ro and the bucket's flags", () => {
    expect(options.split(',')).toEqual([
      '_netdev',
      'nosuid',
      'nodev',
      'nofail',
      'ro',
      'region=us-west-2',
      'allow-other',
      'cache=/var/cache/mountpoint-s3/jars',
      'max-cache-size=10240',
      'metadata-ttl=indefinite',
    ]);
  });
});

describe('fstab line of a writable, encrypted bucket without a prefix', () => {
  const [source, , , options] = fields(SCRATCH);

  test('mounts the whole bucket', () => {
    expect(source).toBe('s3://acme-scratch/');
  });

  test('is rw and carries every write, ownership and encryption flag', () => {
    expect(options.split(',')).toEqual([
      '_netdev',
      'nosuid',
      'nodev',
      'nofail',
      'rw',
      'region=us-west-2',
      'allow-delete',
      'allow-overwrite',
      'allow-other',
      'uid=185',
      'gid=185',
      'dir-mode=0755',
      'file-mode=0644',
      'metadata-ttl=minimal',
      'sse=aws:kms',
      `sse-kms-key-id=${SCRATCH.kmsKeyArn}`,
      'expected-bucket-owner=111122223333',
    ]);
  });

  test('renders every Mountpoint flag of the mount but the prefix (in the URL) and read-only (ro)', () => {
    const names = fields(SCRATCH)[3]
      .split(',')
      .map((o) => o.split('=')[0]);
    const flags = mountpointOptions(SCRATCH)
      .map((o) => o.name)
      .filter((n) => n !== 'prefix' && n !== 'read-only');
    expect(names.slice(5)).toEqual(flags);
  });
});

describe('fstab option escaping', () => {
  test('puts a backslash before commas, backslashes and double quotes', () => {
    expect(escapeOptionValue('a,b\\c"d')).toBe('a\\,b\\\\c\\"d');
  });

  test('keeps a comma inside a value from splitting the option', () => {
    const options = fields({ ...JARS, cache: { directory: '/var/cache/a,b' } })[3];
    expect(options).toContain(',cache=/var/cache/a\\,b,');
  });

  test('refuses white space, which would split the fstab fields', () => {
    expect(() => fstabLine({ ...JARS, path: '/mnt/s3/my jars' })).toThrow('an fstab field cannot contain white space');
  });
});
