import { Config, NodePoolConfig } from './schema';
import { findNamed } from './named';

/** Taint key of the default taint that keeps everything but a pool's Spark pods off its nodes. */
export const POOL_TAINT_KEY = 'spark.mountpoint-s3/pool';

/** Karpenter labels every node with the name of its NodePool. */
export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';

/** Tag Karpenter's getting-started setup puts on the cluster's subnets and node security group. */
export const DISCOVERY_TAG = 'karpenter.sh/discovery';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export function findNodePool(config: Config, name: string): NodePoolConfig {
  const pool = findNamed(config.nodePools, name);
  if (!pool) throw new Error(`node pool "${name}" was not validated`);
  return pool;
}

/** The pool's taints; without a `taints` key, one NoSchedule taint naming the pool. */
export function poolTaints(pool: NodePoolConfig): readonly Taint[] {
  return pool.taints ?? [{ key: POOL_TAINT_KEY, value: pool.name, effect: 'NoSchedule' }];
}

/**
 * Labels that only nodes of this pool carry: its own labels plus the
 * `karpenter.sh/nodepool` label Karpenter sets, so a pod that selects them
 * can only land on this pool even when its labels are shared or empty.
 */
export function poolNodeSelector(pool: NodePoolConfig): Record<string, string> {
  return { ...pool.labels, [NODEPOOL_LABEL]: pool.name };
}

/** The pools that mount a node-userdata bucket at boot. */
export function poolsMounting(config: Config, bucketName: string): NodePoolConfig[] {
  return config.nodePools.filter((p) => p.buckets.includes(bucketName));
}
