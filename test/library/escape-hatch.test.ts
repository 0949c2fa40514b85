import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KarpenterNodeClass, KarpenterNodePool, PodSecurityNamespace, SparkServiceAccount } from '../../lib';

/**
 * A construct of one object exposes it as its default child (`Resource`), so
 * `ApiObject.of(construct)` reaches it for a patch cdk8s-plus style.
 */
const SINGLE_OBJECT_CONSTRUCTS: Array<[string, (scope: Construct) => Construct]> = [
  ['PodSecurityNamespace', (scope) => new PodSecurityNamespace(scope, 'ns', { name: 'jobs', enforce: 'restricted' })],
  ['SparkServiceAccount', (scope) => new SparkServiceAccount(scope, 'sa', { namespace: 'jobs', name: 'spark' })],
  [
    'KarpenterNodeClass',
    (scope) =>
      new KarpenterNodeClass(scope, 'nc', {
        name: 'pool',
        ami: { alias: 'al2023@latest' },
        role: 'node-role',
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'c' } }],
        securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'c' } }],
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

test.each(SINGLE_OBJECT_CONSTRUCTS)('ApiObject.of(%s) patches its object', (_, create) => {
  const chart = Testing.chart();
  ApiObject.of(create(chart)).metadata.addAnnotation('patched', 'yes');
  expect(Testing.synth(chart).map((object) => object.metadata.annotations)).toEqual([{ patched: 'yes' }]);
});
