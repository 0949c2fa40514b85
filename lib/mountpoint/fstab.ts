import { mountpointOptions } from './options';
import { BucketMount } from './types';

/**
 * Options every Mountpoint fstab line carries: Mountpoint refuses to start
 * from fstab without `_netdev,nosuid,nodev`, and `nofail` lets the node boot
 * (and report the failure) when a bucket cannot be mounted.
 */
export const FSTAB_REQUIRED_OPTIONS = ['_netdev', 'nosuid', 'nodev', 'nofail'] as const;

/**
 * The `/etc/fstab` line that mounts `mount` at every boot (Mountpoint ≥ 1.18):
 * `s3://BUCKET/PREFIX PATH mount-s3 OPTIONS 0 0`. The options are the same
 * flags as on the command line, from `mountpointOptions()`, written `key=value`
 * or as bare switches; the prefix moves into the S3 URL, and read-only becomes
 * the standard `ro` (`rw` otherwise), as Mountpoint documents for fstab.
 */
export function fstabLine(mount: BucketMount): string {
  const source = `s3://${mount.bucket}/${mount.prefix ?? ''}`;
  return [fstabField(source), fstabField(mount.path), 'mount-s3', fstabOptions(mount).join(','), '0', '0'].join(' ');
}

export function fstabOptions(mount: BucketMount): string[] {
  const flags = mountpointOptions(mount).filter((o) => o.name !== 'prefix' && o.name !== 'read-only');
  return [
    ...FSTAB_REQUIRED_OPTIONS,
    mount.readOnly ? 'ro' : 'rw',
    ...flags.map((o) => (o.value === undefined ? o.name : `${o.name}=${escapeOptionValue(o.value)}`)),
  ].map(fstabField);
}

/** Mountpoint splits options at unescaped commas; `\`, `,` and `"` inside a value take a backslash. */
export function escapeOptionValue(value: string): string {
  return value.replace(/[\\,"]/g, (c) => `\\${c}`);
}

/**
 * fstab separates fields by white space. The config refuses it in every value
 * that reaches a line, so meeting it here is a bug, not something to encode.
 */
function fstabField(text: string): string {
  if (/[\s\0]/.test(text)) throw new Error(`an fstab field cannot contain white space: ${JSON.stringify(text)}`);
  return text;
}
