import { Construct } from 'constructs';
import { Config } from '../../config/schema';
import { KarpenterNodeClass } from './constructs/karpenter-node-class';
import { KarpenterNodePool } from './constructs/karpenter-node-pool';
import { componentLabels } from '../../constructs/labels';
import { ConfigChart, ConfigChartProps } from '../../../charts/config-chart';
import { annotateSyncOrder } from '../../sync-waves';
import { nodeClassProps, nodePoolProps } from './constructs/node-pool-props';

/**
 * Karpenter node pools: per `nodePools[]` entry an EC2NodeClass (whose
 * userData mounts the pool's node-userdata buckets at boot) and the NodePool
 * that launches nodes from it.
 */
export class NodePoolsChart extends ConfigChart {
  static appliesTo(config: Config): boolean {
    return config.nodePools.length > 0;
  }

  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, props);
    for (const pool of props.config.nodePools) {
      const labels = componentLabels(pool.name, 'node-pool');
      const nodeClass = new KarpenterNodeClass(this, `${pool.name}-node-class`, nodeClassProps(props.config, pool, labels));
      new KarpenterNodePool(this, `${pool.name}-node-pool`, nodePoolProps(pool, nodeClass.ref, labels));
    }
    annotateSyncOrder(this);
  }
}
