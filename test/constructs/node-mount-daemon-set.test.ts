import { createHash } from 'node:crypto';
import { NodeMountDaemonSet, NodeMountDaemonSetProps } from '../../lib';
import { configSchema } from '../../lib/config/schema';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const MINIMAL: NodeMountDaemonSetProps = {
  namespace: 'mounts',
  name: 'mount',
  script: 'echo mounted\n',
  mountPaths: ['/mnt/s3/jars', '/mnt/s3/data'],
  image: 'debian:12',
  selectorLabels: { 'app.kubernetes.io/name': 'mount' },
};
const SETTINGS = configSchema.properties.nodeDaemonSet.properties;
const withProps = (props: Partial<NodeMountDaemonSetProps>) =>
  alone((chart) => new NodeMountDaemonSet(chart, 'mount', { ...MINIMAL, ...props }));
const podSpec = (props: Partial<NodeMountDaemonSetProps> = {}) => objectOfKind(withProps(props).chart, 'DaemonSet').spec.template.spec;

describe('NodeMountDaemonSet', () => {
  test('from minimal props: a ServiceAccount, the script ConfigMap and the DaemonSet, all of one name', () => {
    expect(objectNames(withProps({}).chart)).toEqual(['ServiceAccount/mounts/mount', 'ConfigMap/mounts/mount', 'DaemonSet/mounts/mount']);
  });

  test('the ConfigMap holds the script; its sha256 on the pod template rolls the pods when it changes', () => {
    const { chart } = withProps({});
    const sha256 = createHash('sha256').update(MINIMAL.script).digest('hex');
    expect([objectOfKind(chart, 'ConfigMap').data, objectOfKind(chart, 'DaemonSet').spec.template.metadata.annotations]).toEqual([
      { 'mount-s3.sh': MINIMAL.script },
      { 'mountpoint-s3-spark/script-sha256': sha256 },
    ]);
  });

  test('the selector labels select the pods and label every object', () => {
    const { chart } = withProps({});
    const daemonSet = objectOfKind(chart, 'DaemonSet');
    expect([
      daemonSet.spec.selector.matchLabels,
      daemonSet.spec.template.metadata.labels,
      objectOfKind(chart, 'ConfigMap').metadata.labels,
    ]).toEqual([MINIMAL.selectorLabels, MINIMAL.selectorLabels, MINIMAL.selectorLabels]);
  });

  test('a privileged container of the image enters the host (PID 1) and is ready when every mount path is mounted', () => {
    const [container] = podSpec().containers;
    expect([podSpec().hostPID, container.image, container.securityContext, container.readinessProbe.exec.command.slice(-3)]).toEqual([
      true,
      'debian:12',
      { privileged: true },
      ['readiness', '/mnt/s3/jars', '/mnt/s3/data'],
    ]);
  });

  test("priority class and resources default to the config schema's nodeDaemonSet defaults", () => {
    const spec = podSpec();
    expect([spec.priorityClassName, spec.containers[0].resources]).toEqual([
      SETTINGS.priorityClassName.default,
      SETTINGS.resources.default,
    ]);
  });

  test('priority class, resources, node selector terms and tolerations reach the pod spec', () => {
    const terms = [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['jars'] }] }];
    const spec = podSpec({
      priorityClassName: 'mounts',
      resources: { limits: { memory: '1Gi' } },
      nodeSelectorTerms: terms,
      tolerations: [{ key: 'jars', operator: 'Exists' }],
    });
    expect([spec.priorityClassName, spec.containers[0].resources, spec.affinity, spec.tolerations]).toEqual([
      'mounts',
      { limits: { memory: '1Gi' } },
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
      [{ key: 'jars', operator: 'Exists' }],
    ]);
  });

  test('without node selector terms or tolerations, the pods go to every node that has no taint', () => {
    expect([podSpec().affinity, podSpec().tolerations]).toEqual([undefined, undefined]);
  });

  test('its objects are the children Resource (the DaemonSet), ServiceAccount and Script', () => {
    expect(childObjects(withProps({}).construct)).toEqual({
      ServiceAccount: 'ServiceAccount/mount',
      Script: 'ConfigMap/mount',
      Resource: 'DaemonSet/mount',
    });
  });

  test('ApiObject.of(construct) patches the DaemonSet', () => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct)).toEqual({ 'DaemonSet/mount': ['example.com/patched'] });
  });

  test.each([
    ['ServiceAccount', 'ServiceAccount/mount'],
    ['Script', 'ConfigMap/mount'],
  ])("ApiObject.of(node.findChild('%s')) patches %s", (id, object) => {
    const { chart, construct } = withProps({});
    expect(patchedBy(chart, construct.node.findChild(id))).toEqual({ [object]: ['example.com/patched'] });
  });
});
