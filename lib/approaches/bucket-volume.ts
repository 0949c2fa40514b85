import { createHash } from 'node:crypto';
import { BucketConfig } from '../config/schema';
import { BucketVolume } from './mount-approach';
import { approachOf } from './registry';

/** Volume names are DNS-1123 labels. */
const VOLUME_NAME_LIMIT = 63;

/**
 * `s3-<bucket>`; a name too long for a label keeps a hash of the whole
 * bucket name, so that buckets whose names share a long prefix still get
 * distinct volumes in one pod.
 */
export function bucketVolumeName(bucket: BucketConfig): string {
  const name = `s3-${bucket.name}`;
  if (name.length <= VOLUME_NAME_LIMIT) return name;
  const hash = createHash('sha256').update(bucket.name).digest('hex').slice(0, 8);
  return `${name.slice(0, VOLUME_NAME_LIMIT - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * How a Spark pod sees one bucket: as its approach maps it (a pod-csi bucket
 * is the team's claim, a node-level mount a hostPath).
 */
export function bucketVolume(bucket: BucketConfig): BucketVolume {
  return approachOf(bucket).podVolume(bucket, bucketVolumeName(bucket));
}
