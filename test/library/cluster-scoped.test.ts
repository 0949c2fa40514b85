import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KarpenterNodeClass, KarpenterNodePool, PodSecurityNamespace, S3ClaimAdmissionPolicy, S3PersistentVolume } from '../../lib';

/**
 * A user composes the constructs in a chart of their own with a namespace:
 * cdk8s gives every object that namespace, but a cluster-scoped object must
 * not carry one (synth writes none, and gitops tells the cluster-scoped kinds
 * by its absence). The namespaced objects keep their own.
 */

const discovery = [{ tags: { 'karpenter.sh/discovery': 'c' } }];

const BUILDERS: Array<[string, (scope: Construct) => void]> = [
  ['PodSecurityNamespace', (scope) => new PodSecurityNamespace(scope, 'ns', { name: 'team-a', enforce: 'baseline' })],
  [
    'S3PersistentVolume',
    (scope) =>
      new S3PersistentVolume(scope, 'pv', {
        volumeHandle: 'team-a-jars',
        bucketName: 'jars',
        namespace: 'team-a',
        claimName: 's3-jars',
        readOnly: true,
        mountOptions: [],
      }),
  ],
  ['S3ClaimAdmissionPolicy', (scope) => new S3ClaimAdmissionPolicy(scope, 'policy', { name: 'guard', claims: [] })],
  [
    'KarpenterNodeClass',
    (scope) =>
      new KarpenterNodeClass(scope, 'nc', {
        name: 'pool',
        ami: { alias: 'al2023@latest' },
        role: 'node-role',
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        rootVolume: { sizeGiB: 50 },
      }),
  ],
  [
    'KarpenterNodePool',
    (scope) =>
      new KarpenterNodePool(scope, 'np', {
        name: 'pool',
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'pool' },
        requirements: [],
        disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m' },
      }),
  ],
];

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'PersistentVolume',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'EC2NodeClass',
  'NodePool',
]);

test.each(BUILDERS)("%s in the user's namespaced chart: its cluster-scoped objects carry no namespace", (_, build) => {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'apps' });
  build(chart);
  const objects = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`);
  expect(objects.filter((o) => CLUSTER_SCOPED.has(o.split('/')[0]) && !o.includes('/-/'))).toEqual([]);
});

test('a namespaced object of such a construct keeps its own namespace', () => {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'apps' });
  BUILDERS[1][1](chart);
  expect(Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}`)).toEqual([
    'PersistentVolume/-',
    'PersistentVolumeClaim/team-a',
  ]);
});
