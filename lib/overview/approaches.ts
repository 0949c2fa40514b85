import { Config, BucketConfig, MountApproach } from '../config/schema';

/**
 * How each mount approach reads in OVERVIEW.md: a short name for tables and
 * the step between bucket and namespace in the diagram. Typed by
 * MountApproach, so adding an approach without its entry does not compile.
 */
const APPROACH_VIEWS: Record<MountApproach, { readonly name: string; readonly step: (config: Config, bucket: BucketConfig) => string }> = {
  'node-daemonset': {
    name: 'node DaemonSet',
    step: (config, bucket) =>
      `DaemonSet ${config.nodeDaemonSet.namespace}/${config.nodeDaemonSet.name} mounts ${bucket.mount.path} on the node`,
  },
  'node-userdata': {
    name: 'node userData',
    step: (_config, bucket) => `EC2NodeClass userData mounts ${bucket.mount.path} at boot`,
  },
  'pod-csi': {
    name: 'CSI PersistentVolume',
    step: (_config, bucket) => `Mountpoint CSI driver PersistentVolume at ${bucket.mount.path}`,
  },
};

export function approachName(approach: MountApproach): string {
  return APPROACH_VIEWS[approach].name;
}

export function approachStep(config: Config, bucket: BucketConfig): string {
  return APPROACH_VIEWS[bucket.mount.approach].step(config, bucket);
}
