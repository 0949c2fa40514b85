import { poolsMounting } from '../../../config/node-pools';
import { MountApproachModule } from '../../mount-approach';
import { hostPathVolume, nodeMountpointSource } from '../../node-level';
import { checkNodePoolRules } from './node-pool-rules';

/** The nodes of each Karpenter pool that lists the bucket mount it from their EC2 userData at boot. */
export const nodeUserDataApproach: MountApproachModule = {
  title: 'node userData',
  overviewStep: (_config, bucket) => `EC2NodeClass userData mounts ${bucket.mount.path} at boot`,
  mountpointSource: nodeMountpointSource,
  nodeLevel: true,
  rules: checkNodePoolRules,
  // Each pool's EC2NodeClass has its own role: one policy per pool that mounts the bucket.
  nodeRolePolicyNames: (config, bucket) => poolsMounting(config, bucket.name).map((pool) => `${pool.name}-${bucket.name}`),
  podVolume: hostPathVolume,
};
