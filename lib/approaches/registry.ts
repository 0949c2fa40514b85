import { BucketConfig, MountApproach } from '../config/schema';
import { MountApproachModule } from './mount-approach';
import { nodeDaemonSetApproach } from './node-daemonset/config/approach';
import { nodeUserDataApproach } from './node-userdata/config/approach';
import { podCsiApproach } from './pod-csi/config/approach';

/**
 * Every mount approach, by its name in `MOUNT_APPROACHES`: the config rules,
 * IAM policy files, Spark pod volumes and OVERVIEW.md read their approach's
 * part here. Typed by MountApproach, so an approach without its entry does
 * not compile. Its chart is registered in `charts.ts` (a layer above).
 */
export const MOUNT_APPROACH_MODULES: Readonly<Record<MountApproach, MountApproachModule>> = {
  'node-daemonset': nodeDaemonSetApproach,
  'node-userdata': nodeUserDataApproach,
  'pod-csi': podCsiApproach,
};

export function approachOf(bucket: BucketConfig): MountApproachModule {
  return MOUNT_APPROACH_MODULES[bucket.mount.approach];
}

export function isNodeLevel(bucket: BucketConfig): boolean {
  return approachOf(bucket).nodeLevel;
}
