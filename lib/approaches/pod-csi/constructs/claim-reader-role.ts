import { k8s } from '../../../constructs/k8s';
import { Construct } from 'constructs';

export interface ClaimReaderRoleProps {
  /** The team's namespace, where its claims live. */
  readonly namespace: string;
  /** The claims the role may read, and nothing else. */
  readonly claimNames: readonly string[];
  /** Service account bound to the role. */
  readonly serviceAccountName: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/** Name of the Role and its RoleBinding: one per team namespace. */
const ROLE_NAME = 's3-claim-reader';

/**
 * Read access to a team's own S3 claims by name (`resourceNames`), so its
 * jobs can check a claim is bound without seeing any other claim. `list` and
 * `watch` honour `resourceNames` only for requests that select one object by
 * `metadata.name`, which is what `kubectl get pvc NAME` does.
 *
 * Children: the Role is `Resource` (`ApiObject.of(role)`), its binding `RoleBinding`.
 */
export class ClaimReaderRole extends Construct {
  constructor(scope: Construct, id: string, props: ClaimReaderRoleProps) {
    super(scope, id);
    const metadata = { name: ROLE_NAME, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Resource', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: [...props.claimNames], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE_NAME },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.namespace }],
    });
  }
}
