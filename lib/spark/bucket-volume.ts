import { k8s } from '../constructs/k8s';
import { BucketConfig } from '../config/schema';
import { s3ClaimName } from '../config/s3-claims';

/** How a Spark pod sees one bucket: the pod volume and where it is mounted. */
export interface BucketVolume {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

export function bucketVolumeName(bucket: BucketConfig): string {
  return `s3-${bucket.name}`.slice(0, 63).replace(/-+$/, '');
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
