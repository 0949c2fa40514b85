import { k8s } from '../../../constructs/k8s';
import { Construct } from 'constructs';

export interface ClaimReaderRoleProps {
  /** The team's namespace, where its claims live. */
  readonly namespace: string;
  /** The claims the role may read, and nothing else. */
  readonly claimNames: readonly string[];
  /** Service account bound to the role. */
  readonly serviceAccountName: string;
  /** @default 's3-claim-reader' */
  readonly roleName?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * Read access to a team's own S3 claims by name (`resourceNames`), so its
 * jobs can check a claim is bound without seeing any other claim. `list` and
 * `watch` honour `resourceNames` only for requests that select one object by
 * `metadata.name`, which is what `kubectl get pvc NAME` does.
 */
export class ClaimReaderRole extends Construct {
  constructor(scope: Construct, id: string, props: ClaimReaderRoleProps) {
    super(scope, id);
    const name = props.roleName ?? 's3-claim-reader';
    const metadata = { name, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Role', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: [...props.claimNames], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.namespace }],
    });
  }
}
