import { Config, BucketConfig } from '../config/schema';
import { BucketVolume } from './mount-approach';

/**
 * A node-level mount reaches the pod as a hostPath. `type: Directory` makes the
 * kubelet refuse to start the pod on a node where the path is missing
 * instead of silently creating an empty directory, and HostToContainer
 * propagation lets a remount by the DaemonSet reach running pods.
 */
export function hostPathVolume(bucket: BucketConfig, name: string): BucketVolume {
  return {
    volume: { name, hostPath: { path: bucket.mount.path, type: 'Directory' } },
    mount: { name, mountPath: bucket.mount.path, readOnly: bucket.readOnly, mountPropagation: 'HostToContainer' },
  };
}

/** `mountpoint.version` reaches only the nodes. */
export function nodeMountpointSource(config: Config): string {
  const source =
    config.mountpoint.packageSource === 'al2023-repository' ? "Amazon Linux 2023's own mount-s3 package" : 'the signed release rpm';
  return `- Node-level buckets: Mountpoint ${config.mountpoint.version} (\`mountpoint.version\`), installed on each node from ${source}.`;
}
