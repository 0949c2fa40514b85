import { ClaimReaderRole } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const minimal = () =>
  alone(
    (chart) => new ClaimReaderRole(chart, 'reader', { namespace: 'team-a', claimNames: ['jars', 'data'], serviceAccountName: 'spark' }),
  );

describe('ClaimReaderRole', () => {
  test('from minimal props: a Role and its RoleBinding, both s3-claim-reader in the namespace', () => {
    expect(objectNames(minimal().chart)).toEqual(['Role/team-a/s3-claim-reader', 'RoleBinding/team-a/s3-claim-reader']);
  });

  test('the Role reads the named claims and nothing else', () => {
    expect(objectOfKind(minimal().chart, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: ['jars', 'data'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test("the binding gives the Role to the service account of the claims' namespace", () => {
    const binding = objectOfKind(minimal().chart, 'RoleBinding');
    expect([binding.roleRef, binding.subjects]).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 's3-claim-reader' },
      [{ kind: 'ServiceAccount', name: 'spark', namespace: 'team-a' }],
    ]);
  });

  test('labels go on both objects', () => {
    const { chart } = alone(
      (scope) =>
        new ClaimReaderRole(scope, 'reader', { namespace: 'a', claimNames: ['j'], serviceAccountName: 's', labels: { team: 'a' } }),
    );
    expect(['Role', 'RoleBinding'].map((kind) => objectOfKind(chart, kind).metadata.labels)).toEqual([{ team: 'a' }, { team: 'a' }]);
  });

  test('its objects are the children Resource (the Role) and RoleBinding', () => {
    expect(childObjects(minimal().construct)).toEqual({ Resource: 'Role/s3-claim-reader', RoleBinding: 'RoleBinding/s3-claim-reader' });
  });

  test('ApiObject.of(construct) patches the Role', () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct)).toEqual({ 'Role/s3-claim-reader': ['example.com/patched'] });
  });

  test("ApiObject.of(node.findChild('RoleBinding')) patches the binding", () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct.node.findChild('RoleBinding'))).toEqual({ 'RoleBinding/s3-claim-reader': ['example.com/patched'] });
  });
});
