import { KarpenterNodePool, KarpenterNodePoolProps } from '../../lib';
import { nodePool } from '../../lib/approaches/node-userdata/config/schema-node-pool';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const MINIMAL: KarpenterNodePoolProps = {
  name: 'pool',
  nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'pool-class' },
  requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
  disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m' },
};
const withProps = (props: Partial<KarpenterNodePoolProps>) =>
  alone((chart) => new KarpenterNodePool(chart, 'np', { ...MINIMAL, ...props }));
const spec = (props: Partial<KarpenterNodePoolProps> = {}) => objectOfKind(withProps(props).chart, 'NodePool').spec;

describe('KarpenterNodePool', () => {
  test("from minimal props: one NodePool launching from the node class, expiring after the config schema's default", () => {
    const { chart } = withProps({});
    expect(objectNames(chart)).toEqual(['NodePool/pool']);
    expect(objectOfKind(chart, 'NodePool').spec).toEqual({
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m' },
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'pool-class' },
          requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
          expireAfter: nodePool.properties.expireAfter.default,
        },
      },
    });
  });

  test('node labels, taints, limits, weight and expireAfter reach their fields', () => {
    const s = spec({
      nodeLabels: { pool: 'jars' },
      taints: [{ key: 'jars', value: 'yes', effect: 'NoSchedule' }],
      limits: { cpu: '1000' },
      weight: 10,
      expireAfter: 'Never',
    });
    expect([s.template.metadata, s.template.spec.taints, s.limits, s.weight, s.template.spec.expireAfter]).toEqual([
      { labels: { pool: 'jars' } },
      [{ key: 'jars', value: 'yes', effect: 'NoSchedule' }],
      { cpu: '1000' },
      10,
      'Never',
    ]);
  });

  test('a requirement without values (Exists) has no values field; minValues passes', () => {
    const s = spec({ requirements: [{ key: 'karpenter.k8s.aws/instance-family', operator: 'Exists', minValues: 2 }] });
    expect(s.template.spec.requirements).toEqual([{ key: 'karpenter.k8s.aws/instance-family', operator: 'Exists', minValues: 2 }]);
  });

  test('disruption budgets pass as given', () => {
    const budgets = [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Drifted'] }];
    expect(spec({ disruption: { ...MINIMAL.disruption, budgets } }).disruption.budgets).toEqual(budgets);
  });

  test('its object is the child Resource', () => {
    expect(childObjects(withProps({}).construct)).toEqual({ Resource: 'NodePool/pool' });
  });

  test('ApiObject.of(construct) patches the NodePool', () => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct)).toEqual({ 'NodePool/pool': ['example.com/patched'] });
  });
});
