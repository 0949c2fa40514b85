import { KarpenterNodeClassProps } from './karpenter-node-class';
import { KarpenterNodePoolProps, NodeRequirement } from './karpenter-node-pool';
import { DISCOVERY_TAG, poolTaints } from '../../../config/node-pools';
import { Config, NodePoolConfig } from '../../../config/schema';
import { poolUserData } from '../config/pool-userdata';

/** The EC2NodeClass of a pool, named after it, with userData when the pool mounts buckets. */
export function nodeClassProps(config: Config, pool: NodePoolConfig, labels: Record<string, string>): KarpenterNodeClassProps {
  const nc = pool.ec2NodeClass;
  const discovery = [{ tags: { [DISCOVERY_TAG]: config.cluster.name } }];
  return {
    name: pool.name,
    labels,
    ami:
      nc.amiId !== undefined && nc.amiFamily !== undefined
        ? { id: nc.amiId, family: nc.amiFamily }
        : { alias: nc.amiAlias ?? 'al2023@latest' },
    role: nc.role,
    instanceProfile: nc.instanceProfile,
    subnetSelectorTerms: nc.subnetSelectorTerms ?? discovery,
    securityGroupSelectorTerms: nc.securityGroupSelectorTerms ?? discovery,
    rootVolume: { ...nc.rootVolume, kmsKeyId: nc.rootVolume.kmsKeyArn },
    tags: nc.tags,
    userData: poolUserData(config, pool),
  };
}

export function nodePoolProps(
  pool: NodePoolConfig,
  nodeClassRef: KarpenterNodePoolProps['nodeClassRef'],
  labels: Record<string, string>,
): KarpenterNodePoolProps {
  return {
    name: pool.name,
    labels,
    nodeClassRef,
    nodeLabels: pool.labels,
    requirements: poolRequirements(pool),
    taints: poolTaints(pool),
    limits: pool.limits,
    disruption: pool.disruption,
    expireAfter: pool.expireAfter,
    weight: pool.weight,
  };
}

/** The dedicated fields as `In` requirements (the schema guarantees values), then the pass-through ones. */
function poolRequirements(pool: NodePoolConfig): NodeRequirement[] {
  const fields: Array<[string, readonly string[] | undefined]> = [
    ['kubernetes.io/os', ['linux']],
    ['kubernetes.io/arch', pool.architectures],
    ['karpenter.sh/capacity-type', pool.capacityTypes],
    ['karpenter.k8s.aws/instance-category', pool.instanceCategories],
    ['karpenter.k8s.aws/instance-family', pool.instanceFamilies],
    ['karpenter.k8s.aws/instance-size', pool.instanceSizes],
  ];
  return [
    ...fields.filter(([, values]) => values !== undefined).map(([key, values]) => ({ key, operator: 'In', values })),
    ...pool.requirements,
  ];
}
