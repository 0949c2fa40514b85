import { ApiObject } from 'cdk8s';
import { clusterScoped } from '../../../constructs/cluster-scoped';
import { k8s } from '../../../constructs/k8s';
import { Construct } from 'constructs';

/** Which service accounts may mount one claim. */
export interface GuardedClaim {
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Name of the PersistentVolumeClaim. */
  readonly claimName: string;
  /** The service accounts whose pods may mount it (in the claim's namespace). */
  readonly serviceAccountNames: readonly string[];
}

export interface S3ClaimAdmissionPolicyProps {
  /** Name of the policy and of its binding (both cluster-scoped). */
  readonly name: string;
  /** Every guarded claim; pods in other namespaces are not looked at. */
  readonly claims: readonly GuardedClaim[];
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/** admissionregistration.k8s.io/v1 is GA from Kubernetes 1.30; its spec has the same shape as v1beta1. */
const API_VERSION = 'admissionregistration.k8s.io/v1';

/**
 * Rejects a pod that mounts one of the guarded claims unless it runs as a
 * service account allowed for that claim. RBAC cannot do this: anyone who
 * may create pods in a namespace may mount any claim there. A pod without
 * `serviceAccountName` runs as `default`, and is judged as such.
 *
 * cdk8s-plus-28 knows the policy only up to v1beta1, so the objects are
 * built as plain ApiObjects from the v1beta1 (field-for-field identical) types.
 *
 * Children: the ValidatingAdmissionPolicy is `Resource` (`ApiObject.of(policy)`),
 * its ValidatingAdmissionPolicyBinding `Binding`.
 */
export class S3ClaimAdmissionPolicy extends Construct {
  constructor(scope: Construct, id: string, props: S3ClaimAdmissionPolicyProps) {
    super(scope, id);
    const namespaces = [...new Set(props.claims.map((c) => c.namespace))];
    const policy: k8s.ValidatingAdmissionPolicySpecV1Beta1 = {
      failurePolicy: 'Fail',
      matchConstraints: {
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces }] },
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
      },
      variables: [
        { name: 'allowedByNamespace', expression: celLiteral(allowedServiceAccounts(props.claims)) },
        {
          name: 'allowed',
          expression: 'request.namespace in variables.allowedByNamespace ? variables.allowedByNamespace[request.namespace] : {}',
        },
        {
          name: 'serviceAccount',
          expression:
            "has(object.spec.serviceAccountName) && object.spec.serviceAccountName != '' ? object.spec.serviceAccountName : 'default'",
        },
        {
          name: 'deniedClaims',
          expression:
            'has(object.spec.volumes) ? object.spec.volumes.filter(v, has(v.persistentVolumeClaim) && ' +
            'v.persistentVolumeClaim.claimName in variables.allowed && ' +
            '!(variables.serviceAccount in variables.allowed[v.persistentVolumeClaim.claimName]))' +
            '.map(v, v.persistentVolumeClaim.claimName) : []',
        },
      ],
      validations: [
        {
          expression: 'size(variables.deniedClaims) == 0',
          messageExpression:
            "'service account \"' + variables.serviceAccount + '\" may not mount the S3 claim \"' + variables.deniedClaims[0] + " +
            "'\" in namespace ' + request.namespace",
          reason: 'Forbidden',
        },
      ],
    };
    const binding: k8s.ValidatingAdmissionPolicyBindingSpecV1Beta1 = { policyName: props.name, validationActions: ['Deny'] };
    const metadata = { name: props.name, labels: props.labels };
    new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata,
      spec: k8s.toJson_ValidatingAdmissionPolicySpecV1Beta1(policy),
    });
    new ApiObject(this, 'Binding', {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata,
      spec: k8s.toJson_ValidatingAdmissionPolicyBindingSpecV1Beta1(binding),
    });
    for (const child of this.node.children.filter(ApiObject.isApiObject)) clusterScoped(child);
  }
}

/** namespace → claim → service accounts. */
function allowedServiceAccounts(claims: readonly GuardedClaim[]): Record<string, Record<string, string[]>> {
  const allowed: Record<string, Record<string, string[]>> = {};
  for (const claim of claims) {
    const inNamespace = (allowed[claim.namespace] ??= {});
    inNamespace[claim.claimName] = [...new Set([...(inNamespace[claim.claimName] ?? []), ...claim.serviceAccountNames])];
  }
  return allowed;
}

/** JSON maps, lists and strings are CEL literals too (the names here are Kubernetes names, nothing to escape). */
function celLiteral(value: Record<string, Record<string, string[]>>): string {
  return JSON.stringify(value);
}
