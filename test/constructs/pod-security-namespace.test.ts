import { PodSecurityNamespace } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const minimal = () => alone((chart) => new PodSecurityNamespace(chart, 'ns', { name: 'team-a', enforce: 'privileged' }));

describe('PodSecurityNamespace', () => {
  test('from minimal props: one Namespace', () => {
    expect(objectNames(minimal().chart)).toEqual(['Namespace/team-a']);
  });

  test('enforces the given level and audits against restricted', () => {
    expect(objectOfKind(minimal().chart, 'Namespace').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('labels cannot override the pod security labels', () => {
    const labels = { team: 'a', 'pod-security.kubernetes.io/enforce': 'privileged' };
    const { chart } = alone((scope) => new PodSecurityNamespace(scope, 'ns', { name: 'a', enforce: 'restricted', labels }));
    expect(objectOfKind(chart, 'Namespace').metadata.labels).toEqual({
      team: 'a',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('name is the name of the Namespace', () => {
    expect(minimal().construct.name).toBe('team-a');
  });

  test('its object is the child Resource', () => {
    expect(childObjects(minimal().construct)).toEqual({ Resource: 'Namespace/team-a' });
  });

  test('ApiObject.of(construct) patches the Namespace', () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct)).toEqual({ 'Namespace/team-a': ['example.com/patched'] });
  });
});
