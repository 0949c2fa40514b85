import { KarpenterNodeClass, KarpenterNodeClassProps } from '../../lib';
import { nodePool } from '../../lib/approaches/node-userdata/config/schema-node-pool';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const discovery = [{ tags: { 'karpenter.sh/discovery': 'cluster' } }];
const MINIMAL: KarpenterNodeClassProps = {
  name: 'pool',
  ami: { alias: 'al2023@latest' },
  role: 'node-role',
  subnetSelectorTerms: discovery,
  securityGroupSelectorTerms: discovery,
  rootVolume: { sizeGiB: 50 },
};
const withProps = (props: Partial<KarpenterNodeClassProps>) =>
  alone((chart) => new KarpenterNodeClass(chart, 'nc', { ...MINIMAL, ...props }));
const spec = (props: Partial<KarpenterNodeClassProps> = {}) => objectOfKind(withProps(props).chart, 'EC2NodeClass').spec;

describe('KarpenterNodeClass', () => {
  test('from minimal props: one EC2NodeClass with the AMI alias, role and selector terms', () => {
    const { chart } = withProps({});
    expect(objectNames(chart)).toEqual(['EC2NodeClass/pool']);
    expect(objectOfKind(chart, 'EC2NodeClass').spec).toMatchObject({
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      role: 'node-role',
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
    });
  });

  test("the root volume is encrypted, deleted with the node, and of the config schema's default type", () => {
    expect(spec().blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/xvda',
        rootVolume: true,
        ebs: {
          volumeSize: '50Gi',
          volumeType: nodePool.properties.ec2NodeClass.properties.rootVolume.properties.volumeType.default,
          encrypted: true,
          deleteOnTermination: true,
        },
      },
    ]);
  });

  test('only the host reaches instance metadata: IMDSv2 tokens with a hop limit of 1', () => {
    expect(spec().metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    });
  });

  test('an AMI ID is selected by ID, with the family Karpenter bootstraps it as', () => {
    const { amiSelectorTerms, amiFamily } = spec({ ami: { id: 'ami-0123456789abcdef0', family: 'AL2' } });
    expect([amiSelectorTerms, amiFamily]).toEqual([[{ id: 'ami-0123456789abcdef0' }], 'AL2']);
  });

  test('an instance profile instead of a role', () => {
    const { role, instanceProfile } = spec({ role: undefined, instanceProfile: 'nodes' });
    expect([role, instanceProfile]).toEqual([undefined, 'nodes']);
  });

  test.each([
    ['both', { instanceProfile: 'nodes' }],
    ['neither', { role: undefined }],
  ])('refuses %s of role and instanceProfile', (_, props) => {
    expect(() => withProps(props)).toThrow('EC2NodeClass pool: exactly one of role and instanceProfile is required');
  });

  test('tags and userData go into the spec; no tags leave the field out', () => {
    expect([spec({ tags: { cost: 'a' }, userData: 'MIME' }), spec({ tags: {} })].map((s) => [s.tags, s.userData])).toEqual([
      [{ cost: 'a' }, 'MIME'],
      [undefined, undefined],
    ]);
  });

  test('ref is what a NodePool names in nodeClassRef', () => {
    expect(withProps({}).construct.ref).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'pool' });
  });

  test('its object is the child Resource', () => {
    expect(childObjects(withProps({}).construct)).toEqual({ Resource: 'EC2NodeClass/pool' });
  });

  test('ApiObject.of(construct) patches the EC2NodeClass', () => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct)).toEqual({ 'EC2NodeClass/pool': ['example.com/patched'] });
  });
});
