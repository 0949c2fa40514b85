import { SparkDriverRbac } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const minimal = () => alone((chart) => new SparkDriverRbac(chart, 'rbac', { namespace: 'team-a', serviceAccountName: 'spark' }));

describe('SparkDriverRbac', () => {
  test('from minimal props: a Role and its RoleBinding, both spark-driver in the namespace', () => {
    expect(objectNames(minimal().chart)).toEqual(['Role/team-a/spark-driver', 'RoleBinding/team-a/spark-driver']);
  });

  test('the Role lets the driver manage pods, services, config maps and claims, without wildcards', () => {
    const rules: Array<{ resources: string[]; verbs: string[] }> = objectOfKind(minimal().chart, 'Role').rules;
    expect(rules.map((rule) => rule.resources).flat()).toEqual(['pods', 'services', 'configmaps', 'persistentvolumeclaims']);
    expect(rules.flatMap((rule) => [...rule.resources, ...rule.verbs])).not.toContain('*');
  });

  test("the binding gives the Role to the driver's service account", () => {
    expect(objectOfKind(minimal().chart, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark', namespace: 'team-a' }]);
  });

  test('labels go on both objects', () => {
    const { chart } = alone(
      (scope) => new SparkDriverRbac(scope, 'rbac', { namespace: 'a', serviceAccountName: 's', labels: { team: 'a' } }),
    );
    expect(['Role', 'RoleBinding'].map((kind) => objectOfKind(chart, kind).metadata.labels)).toEqual([{ team: 'a' }, { team: 'a' }]);
  });

  test('its objects are the children Resource (the Role) and RoleBinding', () => {
    expect(childObjects(minimal().construct)).toEqual({ Resource: 'Role/spark-driver', RoleBinding: 'RoleBinding/spark-driver' });
  });

  test('ApiObject.of(construct) patches the Role', () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct)).toEqual({ 'Role/spark-driver': ['example.com/patched'] });
  });

  test("ApiObject.of(node.findChild('RoleBinding')) patches the binding", () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct.node.findChild('RoleBinding'))).toEqual({ 'RoleBinding/spark-driver': ['example.com/patched'] });
  });
});
