import { createHash } from 'node:crypto';
import { k8s } from '../constructs/k8s';
import { BucketConfig } from '../config/schema';
import { s3ClaimName } from '../approaches/pod-csi/config/s3-claims';

/** How a Spark pod sees one bucket: the pod volume and where it is mounted. */
export interface BucketVolume {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

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
 * A pod-csi bucket is the team's claim, mounted by the CSI driver for the
 * pod. Node-level mounts reach the pod as a hostPath. `type: Directory` makes the
 * kubelet refuse to start the pod on a node where the path is missing
 * instead of silently creating an empty directory, and HostToContainer
 * propagation lets a remount by the DaemonSet reach running pods.
 */
export function bucketVolume(bucket: BucketConfig): BucketVolume {
  const name = bucketVolumeName(bucket);
  switch (bucket.mount.approach) {
    case 'node-daemonset':
    case 'node-userdata':
      return {
        volume: { name, hostPath: { path: bucket.mount.path, type: 'Directory' } },
        mount: { name, mountPath: bucket.mount.path, readOnly: bucket.readOnly, mountPropagation: 'HostToContainer' },
      };
    case 'pod-csi':
      return {
        volume: { name, persistentVolumeClaim: { claimName: s3ClaimName(bucket), readOnly: bucket.readOnly } },
        mount: { name, mountPath: bucket.mount.path, readOnly: bucket.readOnly },
      };
  }
}
