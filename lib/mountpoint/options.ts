import { BucketMount } from './types';

/** One Mountpoint flag: `name` is the long flag without `--`; `value` absent for switches. */
export interface MountpointOption {
  readonly name: string;
  readonly value?: string;
}

/**
 * The Mountpoint flags for one mount, in a fixed order. Every approach renders
 * from this one list (CLI arguments, CSI `mountOptions`, fstab options) so a
 * bucket is mounted the same way whichever approach a team uses.
 */
export function mountpointOptions(mount: BucketMount): MountpointOption[] {
  const options: MountpointOption[] = [{ name: 'region', value: mount.region }];
  const add = (name: string, value?: string | number) => options.push(value === undefined ? { name } : { name, value: String(value) });
  if (mount.prefix) add('prefix', mount.prefix);
  if (mount.readOnly) {
    add('read-only');
  } else {
    if (mount.allowDelete) add('allow-delete');
    if (mount.allowOverwrite) add('allow-overwrite');
  }
  if (mount.allowOther) add('allow-other');
  if (mount.uid !== undefined) add('uid', mount.uid);
  if (mount.gid !== undefined) add('gid', mount.gid);
  if (mount.dirMode) add('dir-mode', mount.dirMode);
  if (mount.fileMode) add('file-mode', mount.fileMode);
  if (mount.cache) {
    add('cache', mount.cache.directory);
    if (mount.cache.maxSizeMiB !== undefined) add('max-cache-size', mount.cache.maxSizeMiB);
  }
  add('metadata-ttl', mount.metadataTtl);
  // Mountpoint applies --sse only to objects it writes: on a read-only mount the flags would do nothing.
  if (mount.kmsKeyArn && !mount.readOnly) {
    add('sse', 'aws:kms');
    add('sse-kms-key-id', mount.kmsKeyArn);
  }
  if (mount.expectedBucketOwner) add('expected-bucket-owner', mount.expectedBucketOwner);
  return options;
}

/** `mount-s3` command-line arguments (before `<BUCKET> <DIRECTORY>`). */
export function mountpointArgs(mount: BucketMount): string[] {
  return mountpointOptions(mount).flatMap((o) => (o.value === undefined ? [`--${o.name}`] : [`--${o.name}`, o.value]));
}
