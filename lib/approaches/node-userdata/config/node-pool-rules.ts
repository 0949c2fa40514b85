import { findNamed } from '../../../config/named';
import { findNodePool, poolNodeSelector, poolsMounting } from '../../../config/node-pools';
import { joinPath, Problem } from '../../../config/problems';
import { findBucket } from '../../../config/resolve';
import { Config, NodePoolConfig } from '../../../config/schema';
import { unknownNameMessage } from '../../../config/validate-schema';
import { userDataSizeProblem } from '../../../size-limits';
import { poolUserData } from './pool-userdata';

/**
 * Rules for `nodePools[]` and the teams that use them. Most mirror the CEL
 * rules (`x-kubernetes-validations`) of Karpenter's NodePool and EC2NodeClass
 * CRDs, so that a config the API server would reject is refused here, with
 * the config path instead of an object path. Rules that need the previous
 * object (`oldSelf`) or concern fields the config does not expose are left out.
 */
export function checkNodePoolRules(config: Config): Problem[] {
  return [
    ...config.nodePools.flatMap((pool, i) => [
      ...labelRules(pool, `nodePools[${i}]`),
      ...requirementRules(pool, `nodePools[${i}]`),
      ...budgetRules(pool, `nodePools[${i}].disruption`),
      ...nodeClassRules(pool, `nodePools[${i}].ec2NodeClass`),
      ...poolBucketRules(config, pool, `nodePools[${i}]`),
    ]),
    ...config.teams.flatMap((team, i) => teamPoolRules(config, team, `teams[${i}]`)),
  ];
}

/** Karpenter-owned keys a NodePool may still use in labels and requirements. */
const ALLOWED_KARPENTER_SH = ['karpenter.sh/capacity-type'];
const ALLOWED_KARPENTER_K8S_AWS = [
  'instance-tenancy',
  'capacity-reservation-type',
  'capacity-reservation-id',
  'capacity-reservation-interruptible',
  'ec2nodeclass',
  'instance-encryption-in-transit-supported',
  'instance-category',
  'instance-hypervisor',
  'instance-family',
  'instance-generation',
  'instance-local-nvme',
  'instance-size',
  'instance-cpu',
  'instance-cpu-manufacturer',
  'instance-cpu-sustained-clock-speed-mhz',
  'instance-memory',
  'instance-ebs-bandwidth',
  'instance-network-bandwidth',
  'instance-gpu-name',
  'instance-gpu-manufacturer',
  'instance-gpu-count',
  'instance-gpu-memory',
  'instance-accelerator-name',
  'instance-accelerator-manufacturer',
  'instance-accelerator-count',
  'instance-capability-flex',
  'placement-group-id',
  'placement-group-partition',
].map((name) => `karpenter.k8s.aws/${name}`);

/** Why Karpenter refuses `key` as a node label or requirement key, or undefined when it does not. */
function restrictedKey(key: string): string | undefined {
  // The CRD takes everything before the first "/" as the domain, the whole key when there is none.
  const domain = key.split('/')[0];
  if (key === 'kubernetes.io/hostname' || key === 'karpenter.sh/nodepool') {
    return `"${key}" is restricted by Karpenter (it sets it on every node itself)`;
  }
  if (domain.endsWith('karpenter.sh') && !ALLOWED_KARPENTER_SH.includes(key)) {
    return `label domain "karpenter.sh" is restricted by Karpenter; allowed: ${ALLOWED_KARPENTER_SH.join(', ')}`;
  }
  if (domain.endsWith('karpenter.k8s.aws') && !ALLOWED_KARPENTER_K8S_AWS.includes(key)) {
    return 'label domain "karpenter.k8s.aws" is restricted by Karpenter, except its well-known instance labels such as karpenter.k8s.aws/instance-family';
  }
  return undefined;
}

function labelRules(pool: NodePoolConfig, at: string): Problem[] {
  return Object.keys(pool.labels).flatMap((key) => {
    const why = restrictedKey(key);
    return why ? [{ path: joinPath(`${at}.labels`, key), message: why }] : [];
  });
}

/** Requirement keys this tool derives from dedicated fields; a second requirement would silently narrow them. */
const DERIVED_REQUIREMENTS: Record<string, string> = {
  'kubernetes.io/arch': 'architectures',
  'karpenter.sh/capacity-type': 'capacityTypes',
  'karpenter.k8s.aws/instance-category': 'instanceCategories',
  'karpenter.k8s.aws/instance-family': 'instanceFamilies',
  'karpenter.k8s.aws/instance-size': 'instanceSizes',
};

function requirementRules(pool: NodePoolConfig, at: string): Problem[] {
  return pool.requirements.flatMap((req, j) => {
    const path = `${at}.requirements[${j}]`;
    const values = req.values ?? [];
    const problems: Problem[] = [];
    const why = restrictedKey(req.key);
    if (why) problems.push({ path: `${path}.key`, message: why });
    if (req.key in DERIVED_REQUIREMENTS) {
      problems.push({ path: `${path}.key`, message: `is set from ${at}.${DERIVED_REQUIREMENTS[req.key]}; use that field` });
    }
    if ((req.operator === 'In' || req.operator === 'NotIn') && values.length === 0) {
      problems.push({ path: `${path}.values`, message: `operator ${req.operator} needs at least one value` });
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && values.length > 0) {
      problems.push({ path: `${path}.values`, message: `must be empty with operator ${req.operator}` });
    }
    if (['Gt', 'Lt', 'Gte', 'Lte'].includes(req.operator) && !(values.length === 1 && /^[0-9]+$/.test(values[0]))) {
      problems.push({ path: `${path}.values`, message: `operator ${req.operator} needs exactly one value, a non-negative integer` });
    }
    if (req.minValues !== undefined && req.operator === 'In' && values.length < req.minValues) {
      problems.push({ path: `${path}.minValues`, message: `is ${req.minValues}, but only ${values.length} value(s) are listed` });
    }
    if (req.minValues !== undefined && req.operator !== 'In') {
      problems.push({ path: `${path}.minValues`, message: 'only applies to operator In' });
    }
    return problems;
  });
}

function budgetRules(pool: NodePoolConfig, at: string): Problem[] {
  return pool.disruption.budgets.flatMap((budget, k) => {
    const path = `${at}.budgets[${k}]`;
    if (budget.schedule !== undefined && budget.duration === undefined) {
      return [{ path: `${path}.duration`, message: 'is required with schedule (how long the budget applies from each start)' }];
    }
    if (budget.duration !== undefined && budget.schedule === undefined) {
      return [{ path: `${path}.schedule`, message: 'is required with duration (when the budget starts)' }];
    }
    return [];
  });
}

/** EC2 tag keys Karpenter and EKS manage on the instances themselves. */
function restrictedTag(key: string): boolean {
  return (
    ['eks:eks-cluster-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass'].includes(key) ||
    key.startsWith('kubernetes.io/cluster')
  );
}

function nodeClassRules(pool: NodePoolConfig, at: string): Problem[] {
  const nc = pool.ec2NodeClass;
  const problems: Problem[] = [];
  if (nc.role === undefined && nc.instanceProfile === undefined) {
    problems.push({
      path: `${at}.role`,
      message: 'is required: exactly one of role or instanceProfile gives the nodes their IAM identity',
    });
  } else if (nc.role !== undefined && nc.instanceProfile !== undefined) {
    problems.push({ path: `${at}.instanceProfile`, message: 'cannot be set together with role: exactly one of the two is allowed' });
  }
  if (nc.amiId !== undefined && nc.amiAlias !== undefined) {
    problems.push({ path: `${at}.amiId`, message: 'cannot be set together with amiAlias: an alias selects the AMI by itself' });
  }
  if (nc.amiId !== undefined && nc.amiFamily === undefined) {
    problems.push({
      path: `${at}.amiFamily`,
      message: 'is required with amiId (AL2023 or AL2): Karpenter cannot tell how to bootstrap the AMI otherwise',
    });
  }
  if (nc.amiId === undefined && nc.amiFamily !== undefined) {
    problems.push({ path: `${at}.amiFamily`, message: 'only applies with amiId: the AMI alias names its family' });
  }
  (nc.subnetSelectorTerms ?? []).forEach((term, k) => {
    if (Object.keys(term).length !== 1) {
      problems.push({ path: `${at}.subnetSelectorTerms[${k}]`, message: 'must select by exactly one of tags or id' });
    }
  });
  (nc.securityGroupSelectorTerms ?? []).forEach((term, k) => {
    if (Object.keys(term).length !== 1) {
      problems.push({ path: `${at}.securityGroupSelectorTerms[${k}]`, message: 'must select by exactly one of tags, id or name' });
    }
  });
  for (const key of Object.keys(nc.tags)) {
    if (restrictedTag(key)) {
      problems.push({ path: joinPath(`${at}.tags`, key), message: 'is a tag Karpenter or EKS sets on the instances itself' });
    }
  }
  return problems;
}

function poolBucketRules(config: Config, pool: NodePoolConfig, at: string): Problem[] {
  const names = config.buckets.map((b) => b.name);
  const problems = pool.buckets.flatMap((name, j) => {
    const path = `${at}.buckets[${j}]`;
    if (!names.includes(name)) return [{ path, message: unknownNameMessage('bucket', name, names) }];
    const approach = findBucket(config, name).mount.approach;
    return approach === 'node-userdata'
      ? []
      : [{ path, message: `bucket "${name}" has mount.approach ${approach}; a node pool mounts only node-userdata buckets` }];
  });
  return problems.length > 0 ? problems : userDataSizeProblems(config, pool, at);
}

/** The pool's userData, as the chart emits it, must fit EC2's user data limit next to Karpenter's part. */
function userDataSizeProblems(config: Config, pool: NodePoolConfig, at: string): Problem[] {
  const userData = poolUserData(config, pool);
  const problem = userData === undefined ? undefined : userDataSizeProblem(userData);
  if (problem === undefined) return [];
  const count = pool.buckets.length;
  return [
    {
      path: `${at}.buckets`,
      message:
        `with ${count} bucket${count === 1 ? '' : 's'} to mount, this pool's EC2NodeClass ${problem}; ` +
        `mount fewer buckets on this pool, and the others with mount.approach pod-csi`,
    },
  ];
}

function teamPoolRules(config: Config, team: Config['teams'][number], at: string): Problem[] {
  const poolNames = config.nodePools.map((p) => p.name);
  if (team.nodePool !== undefined && !poolNames.includes(team.nodePool)) {
    return [{ path: `${at}.nodePool`, message: unknownNameMessage('node pool', team.nodePool, poolNames) }];
  }
  const pool = team.nodePool === undefined ? undefined : findNodePool(config, team.nodePool);
  const problems: Problem[] = [];
  if (pool) {
    for (const [key, value] of Object.entries(poolNodeSelector(pool))) {
      const own = team.nodeSelector[key];
      if (own !== undefined && own !== value) {
        problems.push({
          path: joinPath(`${at}.nodeSelector`, key),
          message: `"${own}" contradicts node pool "${pool.name}", whose nodes have ${key}=${value}; the pods could never be scheduled`,
        });
      }
    }
  }
  team.buckets.forEach((name, j) => {
    const bucket = findNamed(config.buckets, name);
    if (bucket?.mount.approach !== 'node-userdata') return;
    const mounting = poolsMounting(config, name).map((p) => p.name);
    const where = mounting.length ? `node pools ${mounting.join(', ')}` : 'no node pool yet (list it in a nodePools[].buckets)';
    if (!pool) {
      problems.push({
        path: `${at}.nodePool`,
        message: `is required: bucket "${name}" (node-userdata) is mounted only on the nodes of its pools, here ${where}`,
      });
    } else if (!pool.buckets.includes(name)) {
      problems.push({
        path: `${at}.buckets[${j}]`,
        message: `bucket "${name}" (node-userdata) is not mounted by node pool "${pool.name}" (mounted by ${where}); add it to that pool's buckets`,
      });
    }
  });
  return problems;
}
