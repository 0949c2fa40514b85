import { Problem } from '../../../config/problems';
import { Config } from '../../../config/schema';
import { CONFIG_MAP_MAX_BYTES } from '../../../size-limits';
import { nodeDaemonSetBuckets, nodeDaemonSetScript } from './node-script';

/**
 * The node DaemonSet's ConfigMap holds one script that mounts every
 * `node-daemonset` bucket on every node it runs on, so it grows with the
 * buckets; past the API server's ConfigMap limit the chart cannot be applied.
 * Measured on the script the chart emits, as `check` measures the ConfigMap.
 */
export function nodeScriptSizeProblems(config: Config): Problem[] {
  const buckets = nodeDaemonSetBuckets(config);
  if (buckets.length === 0) return [];
  // The API server counts the values only, not the key (CONFIG_MAP_MAX_BYTES).
  const bytes = Buffer.byteLength(nodeDaemonSetScript(config, buckets));
  if (bytes <= CONFIG_MAP_MAX_BYTES) return [];
  const { namespace, name } = config.nodeDaemonSet;
  return [
    {
      path: 'buckets',
      message:
        `the ConfigMap ${namespace}/${name} would be ${bytes} bytes, over the API server's 1 MiB (${CONFIG_MAP_MAX_BYTES} bytes) ` +
        `ConfigMap limit: it holds the script that mounts all ${buckets.length} buckets with mount.approach node-daemonset on ` +
        `every node; mount the buckets that only some teams use with mount.approach pod-csi (each Spark pod then mounts just its own)`,
    },
  ];
}
