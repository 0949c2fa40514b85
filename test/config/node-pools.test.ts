import * as yaml from 'js-yaml';
import { problemsOf, readExample } from '../helpers';

function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** The node-userdata example (two pools, two teams), changed by `change`, and its problems. */
function problemsAfter(change: (config: Record<string, any>) => void): string[] {
  const data = yaml.load(readExample('node-userdata.yaml')) as Record<string, any>;
  change(data);
  return problemsOf(data);
}

const pool = (c: Record<string, any>) => c.nodePools[0];
const nodeClass = (c: Record<string, any>) => c.nodePools[0].ec2NodeClass;

describe('node pool validation', () => {
  test('the node-userdata example is valid', () => {
    expect(problemsAfter(() => undefined)).toEqual([]);
  });

  // Each case mirrors a CEL rule (x-kubernetes-validations) of the Karpenter CRDs, or a schema constraint of theirs.
  describe.each<[string, (c: Record<string, any>) => void, string]>([
    [
      'the hostname label',
      (c) => (pool(c).labels['kubernetes.io/hostname'] = 'x'),
      'nodePools[0].labels."kubernetes.io/hostname": "kubernetes.io/hostname" is restricted by Karpenter',
    ],
    [
      'the nodepool label',
      (c) => (pool(c).labels['karpenter.sh/nodepool'] = 'x'),
      'nodePools[0].labels."karpenter.sh/nodepool": "karpenter.sh/nodepool" is restricted',
    ],
    [
      'a karpenter.sh label',
      (c) => (pool(c).labels['karpenter.sh/owner'] = 'x'),
      'nodePools[0].labels."karpenter.sh/owner": label domain "karpenter.sh" is restricted',
    ],
    [
      'a label in a subdomain of karpenter.sh',
      (c) => (pool(c).labels['team.karpenter.sh/owner'] = 'x'),
      'nodePools[0].labels."team.karpenter.sh/owner": label domain "karpenter.sh" is restricted',
    ],
    [
      'a karpenter.k8s.aws label',
      (c) => (pool(c).labels['karpenter.k8s.aws/spark'] = 'x'),
      'nodePools[0].labels."karpenter.k8s.aws/spark": label domain "karpenter.k8s.aws" is restricted',
    ],
    [
      'a label key that is not a label key',
      (c) => (pool(c).labels['spark pool'] = 'x'),
      'nodePools[0].labels."spark pool": key "spark pool" is not allowed here',
    ],
    [
      'a requirement on the hostname',
      (c) => pool(c).requirements.push({ key: 'kubernetes.io/hostname', operator: 'Exists' }),
      'nodePools[0].requirements[1].key: "kubernetes.io/hostname" is restricted',
    ],
    [
      'a requirement on the nodepool label',
      (c) => pool(c).requirements.push({ key: 'karpenter.sh/nodepool', operator: 'Exists' }),
      'nodePools[0].requirements[1].key: "karpenter.sh/nodepool" is restricted',
    ],
    [
      'a requirement in the karpenter.k8s.aws domain',
      (c) => pool(c).requirements.push({ key: 'karpenter.k8s.aws/bogus', operator: 'Exists' }),
      'nodePools[0].requirements[1].key: label domain "karpenter.k8s.aws" is restricted',
    ],
    [
      'an In requirement without values',
      (c) => pool(c).requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In' }),
      'nodePools[0].requirements[1].values: operator In needs at least one value',
    ],
    [
      'an In requirement with an empty list',
      (c) => pool(c).requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [] }),
      'nodePools[0].requirements[1].values: operator In needs at least one value',
    ],
    [
      'Gt with two values',
      (c) => (pool(c).requirements[0].values = ['5', '6']),
      'nodePools[0].requirements[0].values: operator Gt needs exactly one value, a non-negative integer',
    ],
    [
      'Gt with a value that is no integer',
      (c) => (pool(c).requirements[0].values = ['five']),
      'nodePools[0].requirements[0].values: operator Gt needs exactly one value',
    ],
    [
      'minValues above the number of values',
      (c) => pool(c).requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-west-2a'], minValues: 2 }),
      'nodePools[0].requirements[1].minValues: is 2, but only 1 value(s) are listed',
    ],
    [
      'Exists with values',
      (c) => pool(c).requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'Exists', values: ['a'] }),
      'nodePools[0].requirements[1].values: must be empty with operator Exists',
    ],
    [
      'a requirement a dedicated field sets',
      (c) => pool(c).requirements.push({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }),
      'nodePools[0].requirements[1].key: is set from nodePools[0].architectures; use that field',
    ],
    [
      'an empty list of architectures (an In without values)',
      (c) => (pool(c).architectures = []),
      'nodePools[0].architectures: must NOT have fewer than 1 items',
    ],
    [
      'an unknown architecture',
      (c) => (pool(c).architectures = ['x86_64']),
      'nodePools[0].architectures[0]: must look like amd64 or arm64',
    ],
    [
      'an empty list of instance families',
      (c) => (c.nodePools[1].instanceFamilies = []),
      'nodePools[1].instanceFamilies: must NOT have fewer than 1 items',
    ],
    [
      'a taint with an invalid key',
      (c) => (pool(c).taints = [{ key: 'spark pool', effect: 'NoSchedule' }]),
      'nodePools[0].taints[0].key: must be a Kubernetes label key',
    ],
    ['a taint without effect', (c) => (pool(c).taints = [{ key: 'spark' }]), 'nodePools[0].taints[0].effect: is required'],
    [
      'a budget schedule without duration',
      (c) => (c.nodePools[1].disruption.budgets[0].duration = undefined),
      'nodePools[1].disruption.budgets[0].duration: is required with schedule',
    ],
    [
      'a budget duration without schedule',
      (c) => (c.nodePools[1].disruption.budgets[0].schedule = undefined),
      'nodePools[1].disruption.budgets[0].schedule: is required with duration',
    ],
    [
      'a budget of nodes that is no count',
      (c) => (c.nodePools[1].disruption.budgets[1].nodes = 'half'),
      'nodePools[1].disruption.budgets[1].nodes: must be a node count',
    ],
    [
      'a consolidation policy Karpenter does not know',
      (c) => (pool(c).disruption.consolidationPolicy = 'Always'),
      'nodePools[0].disruption.consolidationPolicy: must be one of',
    ],
    ['expireAfter in days', (c) => (pool(c).expireAfter = '30d'), 'nodePools[0].expireAfter: must be a duration'],
    ['a weight above 100', (c) => (pool(c).weight = 101), 'nodePools[0].weight: must be <= 100'],
    ['a CPU limit that is no quantity', (c) => (pool(c).limits.cpu = 'lots'), 'nodePools[0].limits.cpu: must be a Kubernetes quantity'],
    [
      'neither role nor instanceProfile',
      (c) => delete nodeClass(c).role,
      'nodePools[0].ec2NodeClass.role: is required: exactly one of role or instanceProfile',
    ],
    [
      'both role and instanceProfile',
      (c) => (nodeClass(c).instanceProfile = 'KarpenterNodeInstanceProfile'),
      'nodePools[0].ec2NodeClass.instanceProfile: cannot be set together with role',
    ],
    ['an empty role', (c) => (nodeClass(c).role = ''), 'nodePools[0].ec2NodeClass.role: must be an IAM role name'],
    [
      'a role ARN instead of a name',
      (c) => (nodeClass(c).role = 'arn:aws:iam::111122223333:role/Node'),
      'nodePools[0].ec2NodeClass.role: must be an IAM role name (not an ARN)',
    ],
    [
      'an alias of a family the node script cannot run on',
      (c) => (nodeClass(c).amiAlias = 'bottlerocket@latest'),
      'nodePools[0].ec2NodeClass.amiAlias: must be an Amazon Linux alias',
    ],
    [
      'an alias without a version',
      (c) => (nodeClass(c).amiAlias = 'al2023'),
      'nodePools[0].ec2NodeClass.amiAlias: must be an Amazon Linux alias',
    ],
    [
      'an alias together with an AMI ID',
      (c) => Object.assign(nodeClass(c), { amiId: 'ami-0123456789abcdef0', amiFamily: 'AL2023' }),
      'nodePools[0].ec2NodeClass.amiId: cannot be set together with amiAlias',
    ],
    [
      'an AMI ID without its family',
      (c) => {
        delete nodeClass(c).amiAlias;
        nodeClass(c).amiId = 'ami-0123456789abcdef0';
      },
      'nodePools[0].ec2NodeClass.amiFamily: is required with amiId',
    ],
    [
      'an AMI family next to an alias',
      (c) => (nodeClass(c).amiFamily = 'AL2'),
      'nodePools[0].ec2NodeClass.amiFamily: only applies with amiId',
    ],
    [
      'an empty list of subnet selector terms',
      (c) => (nodeClass(c).subnetSelectorTerms = []),
      'nodePools[0].ec2NodeClass.subnetSelectorTerms: must NOT have fewer than 1 items',
    ],
    [
      'an empty subnet selector term',
      (c) => (nodeClass(c).subnetSelectorTerms = [{}]),
      'nodePools[0].ec2NodeClass.subnetSelectorTerms[0]: must select by exactly one of tags or id',
    ],
    [
      'a subnet term with both tags and id',
      (c) => (nodeClass(c).subnetSelectorTerms = [{ id: 'subnet-0abc', tags: { a: 'b' } }]),
      'nodePools[0].ec2NodeClass.subnetSelectorTerms[0]: must select by exactly one of tags or id',
    ],
    [
      'a security group term with both id and name',
      (c) => (nodeClass(c).securityGroupSelectorTerms = [{ id: 'sg-0abc', name: 'spark' }]),
      'nodePools[0].ec2NodeClass.securityGroupSelectorTerms[0]: must select by exactly one of tags, id or name',
    ],
    [
      'a selector tag with an empty value',
      (c) => (nodeClass(c).subnetSelectorTerms = [{ tags: { Name: '' } }]),
      'nodePools[0].ec2NodeClass.subnetSelectorTerms[0].tags.Name: must NOT have fewer than 1 characters',
    ],
    [
      'a subnet ID that is no subnet ID',
      (c) => (nodeClass(c).subnetSelectorTerms = [{ id: 'sg-0abc' }]),
      'nodePools[0].ec2NodeClass.subnetSelectorTerms[0].id: must be an ID matching',
    ],
    [
      'a kubernetes.io/cluster tag',
      (c) => (nodeClass(c).tags['kubernetes.io/cluster/spark'] = 'owned'),
      'nodePools[0].ec2NodeClass.tags."kubernetes.io/cluster/spark": is a tag Karpenter or EKS sets',
    ],
    [
      'the eks:eks-cluster-name tag',
      (c) => (nodeClass(c).tags['eks:eks-cluster-name'] = 'x'),
      'nodePools[0].ec2NodeClass.tags."eks:eks-cluster-name": is a tag Karpenter or EKS sets',
    ],
    [
      'the karpenter.sh/nodeclaim tag',
      (c) => (nodeClass(c).tags['karpenter.sh/nodeclaim'] = 'x'),
      'nodePools[0].ec2NodeClass.tags."karpenter.sh/nodeclaim": is a tag Karpenter or EKS sets',
    ],
    [
      'the karpenter.k8s.aws/ec2nodeclass tag',
      (c) => (nodeClass(c).tags['karpenter.k8s.aws/ec2nodeclass'] = 'x'),
      'nodePools[0].ec2NodeClass.tags."karpenter.k8s.aws/ec2nodeclass": is a tag Karpenter or EKS sets',
    ],
    [
      'a root volume type that is not EBS SSD',
      (c) => (nodeClass(c).rootVolume.volumeType = 'st1'),
      'nodePools[0].ec2NodeClass.rootVolume.volumeType: must be one of',
    ],
    [
      'duplicate pool names',
      (c) => (c.nodePools[1].name = 'spark-amd64-spot'),
      'nodePools[1].name: node pool name "spark-amd64-spot" is already used by nodePools[0]',
    ],
  ])('refuses %s', (_what, change, expected) => {
    test('with the field path in the message', () => {
      expect(problemsAfter(change)).toEqual(expect.arrayContaining([expect.stringMatching(startsWith(expected))]));
    });
  });

  test.each<[string, (c: Record<string, any>) => void]>([
    ['the capacity-type label', (c) => (pool(c).labels['karpenter.sh/capacity-type'] = 'spot')],
    ['a well-known karpenter.k8s.aws label', (c) => (pool(c).labels['karpenter.k8s.aws/instance-family'] = 'm7g')],
    [
      'an AMI ID with its family',
      (c) => Object.assign(nodeClass(c), { amiAlias: undefined, amiId: 'ami-0123456789abcdef0', amiFamily: 'AL2' }),
    ],
    [
      'an instance profile instead of a role',
      (c) => Object.assign(nodeClass(c), { role: undefined, instanceProfile: 'KarpenterNodeInstanceProfile' }),
    ],
    ['no taints at all', (c) => (pool(c).taints = [])],
  ])('accepts %s', (_what, change) => {
    expect(problemsAfter(change)).toEqual([]);
  });
});

describe('node-userdata buckets, pools and teams', () => {
  describe.each<[string, (c: Record<string, any>) => void, string]>([
    [
      'a team without a pool using a node-userdata bucket',
      (c) => delete c.teams[0].nodePool,
      'teams[0].nodePool: is required: bucket "jars" (node-userdata) is mounted only on the nodes of its pools, here node pools spark-amd64-spot, spark-arm64-on-demand',
    ],
    [
      'a team on a pool that does not mount its bucket',
      (c) => (pool(c).buckets = []),
      'teams[0].buckets[0]: bucket "jars" (node-userdata) is not mounted by node pool "spark-amd64-spot" (mounted by node pools spark-arm64-on-demand)',
    ],
    [
      'a node-userdata bucket no pool mounts',
      (c) => {
        pool(c).buckets = [];
        c.nodePools[1].buckets = [];
      },
      'teams[0].buckets[0]: bucket "jars" (node-userdata) is not mounted by node pool "spark-amd64-spot" (mounted by no node pool yet',
    ],
    [
      'a team naming an unknown pool',
      (c) => (c.teams[0].nodePool = 'spark-amd64-spto'),
      'teams[0].nodePool: unknown node pool "spark-amd64-spto" (did you mean "spark-amd64-spot"?)',
    ],
    [
      'a pool mounting an unknown bucket',
      (c) => (pool(c).buckets = ['jar']),
      'nodePools[0].buckets[0]: unknown bucket "jar" (did you mean "jars"?)',
    ],
    [
      'a pool mounting a node-daemonset bucket',
      (c) => {
        c.buckets.push({ name: 'more', bucket: 'more-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/more' } });
        pool(c).buckets.push('more');
      },
      'nodePools[0].buckets[1]: bucket "more" has mount.approach node-daemonset; a node pool mounts only node-userdata buckets',
    ],
    [
      "a team selector that contradicts its pool's labels",
      (c) => (c.teams[0].nodeSelector = { workload: 'batch' }),
      'teams[0].nodeSelector.workload: "batch" contradicts node pool "spark-amd64-spot", whose nodes have workload=spark',
    ],
    [
      'a team selector naming another pool',
      (c) => (c.teams[0].nodeSelector = { 'karpenter.sh/nodepool': 'spark-arm64-on-demand' }),
      'teams[0].nodeSelector."karpenter.sh/nodepool": "spark-arm64-on-demand" contradicts node pool "spark-amd64-spot"',
    ],
    [
      'overlapping node-userdata and node-daemonset mount paths',
      (c) => {
        c.buckets.push({ name: 'more', bucket: 'more-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/jars/more' } });
      },
      'buckets[1].mount.path: "/mnt/s3/jars/more" overlaps the mount path "/mnt/s3/jars" of buckets[0] on the same node',
    ],
    [
      'overlapping mount paths of two node-userdata buckets',
      (c) => {
        c.buckets.push({ name: 'more', bucket: 'more-jars', mount: { approach: 'node-userdata', path: '/mnt/s3' } });
      },
      'buckets[1].mount.path: "/mnt/s3" overlaps the mount path "/mnt/s3/jars" of buckets[0] on the same node',
    ],
  ])('refuses %s', (_what, change, expected) => {
    test('with the field path in the message', () => {
      expect(problemsAfter(change)).toEqual(expect.arrayContaining([expect.stringMatching(startsWith(expected))]));
    });
  });
});
