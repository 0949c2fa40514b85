import { k8s } from './k8s';
import { Construct } from 'constructs';

export interface SparkDriverRbacProps {
  /** The team's namespace, where the driver creates its executors. */
  readonly namespace: string;
  /** Service account the Spark driver runs as. */
  readonly serviceAccountName: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * What a Spark driver does to the API server: it creates, watches and
 * deletes its executor pods, the config map holding executor settings, the
 * services of the driver, and on-demand claims for executor volumes. Nothing
 * else, and no wildcards.
 */
const DRIVER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'watch'] },
  { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'watch'] },
  {
    apiGroups: [''],
    resources: ['persistentvolumeclaims'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'watch'],
  },
];

/** Name of the Role and its RoleBinding: one per team namespace. */
const ROLE_NAME = 'spark-driver';

/**
 * Role + RoleBinding that let the driver manage its executors in its own namespace.
 * Children: the Role is `Resource` (`ApiObject.of(rbac)`), its binding `RoleBinding`.
 */
export class SparkDriverRbac extends Construct {
  constructor(scope: Construct, id: string, props: SparkDriverRbacProps) {
    super(scope, id);
    const metadata = { name: ROLE_NAME, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Resource', { metadata, rules: DRIVER_RULES });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE_NAME },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.namespace }],
    });
  }
}
