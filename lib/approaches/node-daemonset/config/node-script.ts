import { toBucketMount, toMountpointRelease } from '../../../config/resolve';
import { BucketConfig, Config } from '../../../config/schema';
import { renderMountScript } from '../../../scripts/mount-script';

/** The key of the node DaemonSet's ConfigMap that holds its host script (and the script's file name in the pod). */
export const NODE_SCRIPT_KEY = 'mount-s3.sh';

/** The buckets the node DaemonSet mounts: every `node-daemonset` one, on every node it runs on. */
export function nodeDaemonSetBuckets(config: Config): BucketConfig[] {
  return config.buckets.filter((b) => b.mount.approach === 'node-daemonset');
}

/**
 * The DaemonSet's host script for `buckets` (at least one), exactly as its
 * ConfigMap holds it: the chart emits it and the config rules measure it.
 */
export function nodeDaemonSetScript(config: Config, buckets: readonly BucketConfig[]): string {
  return renderMountScript({
    release: toMountpointRelease(config),
    mounts: buckets.map((b) => toBucketMount(config, b)),
    checkIntervalSeconds: config.nodeDaemonSet.checkIntervalSeconds,
    onStop: config.nodeDaemonSet.onStop,
  });
}
