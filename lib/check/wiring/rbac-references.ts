import { isRecord, podSpecsOf, SPARK_ROLES, sparkSpecsOf } from '../pod-specs';
import { Finding, finding, pointer, referenceOutsideSet, Resource } from '../types';
import { namespaceOf, ObjectIndex } from './object-index';

/** ClusterRoles every cluster has (the user-facing defaults and the system ones). */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Service accounts named by pods, SparkApplications and role bindings exist ("default" always does). */
export function checkServiceAccountReferences(index: ObjectIndex): Finding[] {
  return index.resources.flatMap((resource) =>
    serviceAccountReferences(resource).flatMap(({ namespace, name, path }) =>
      name === 'default' || index.find('ServiceAccount', namespace, name)
        ? []
        : [referenceOutsideSet(resource, path, 'service-account-ref', `ServiceAccount ${namespace}/${name}`)],
    ),
  );
}

function serviceAccountReferences(resource: Resource): Array<{ namespace: string; name: string; path: string }> {
  const { object } = resource;
  const namespace = namespaceOf(resource) ?? 'default';
  const refs = [];
  for (const pod of podSpecsOf(object)) {
    for (const field of ['serviceAccountName', 'serviceAccount']) {
      if (typeof pod.spec[field] === 'string') refs.push({ namespace, name: pod.spec[field], path: pointer(pod.path, field) });
    }
  }
  for (const app of sparkSpecsOf(object)) {
    for (const role of SPARK_ROLES) {
      const name = app.spec[role]?.serviceAccount;
      if (typeof name === 'string') refs.push({ namespace, name, path: pointer(app.path, role, 'serviceAccount') });
    }
  }
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
    (Array.isArray(object.subjects) ? object.subjects : []).forEach((subject: unknown, i: number) => {
      if (!isRecord(subject) || subject.kind !== 'ServiceAccount' || typeof subject.name !== 'string') return;
      refs.push({
        namespace: typeof subject.namespace === 'string' ? subject.namespace : namespace,
        name: subject.name,
        path: `/subjects/${i}/name`,
      });
    });
  }
  return refs;
}

/** The Role or ClusterRole a binding grants exists. */
export function checkRoleReferences(index: ObjectIndex): Finding[] {
  return [...index.ofKind('RoleBinding'), ...index.ofKind('ClusterRoleBinding')].flatMap((binding) => {
    const ref = binding.object.roleRef;
    if (!isRecord(ref) || typeof ref.name !== 'string') return [];
    if (ref.kind === 'ClusterRole') {
      if (BUILT_IN_CLUSTER_ROLES.has(ref.name) || ref.name.startsWith('system:') || index.find('ClusterRole', undefined, ref.name))
        return [];
      return [referenceOutsideSet(binding, '/roleRef/name', 'role-ref', `ClusterRole "${ref.name}" (not a built-in one)`)];
    }
    if (ref.kind === 'Role' && binding.object.kind === 'ClusterRoleBinding') {
      return [finding(binding, '/roleRef/kind', 'role-ref', 'a ClusterRoleBinding can only grant a ClusterRole')];
    }
    const namespace = namespaceOf(binding);
    if (ref.kind !== 'Role' || index.find('Role', namespace, ref.name)) return [];
    return [referenceOutsideSet(binding, '/roleRef/name', 'role-ref', `Role ${namespace}/${ref.name}`)];
  });
}
