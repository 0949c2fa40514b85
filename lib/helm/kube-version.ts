import { KUBERNETES_VERSIONS } from '../config/schema';

/**
 * The oldest Kubernetes minor the objects are built against: the oldest
 * supported version (cdk8s-plus-28's API classes, the oldest API definitions
 * the project checks with).
 */
const BASELINE_MINOR = Number(KUBERNETES_VERSIONS[0].split('.')[1]);

/**
 * Kinds that need a newer Kubernetes than the baseline, by `apiVersion kind`.
 * A construct that emits such a kind adds it here, and Chart.yaml's
 * `kubeVersion` follows.
 */
export const MINIMUM_KUBERNETES_MINOR: Readonly<Record<string, number>> = {
  // admissionregistration.k8s.io/v1 of these two went GA in 1.30.
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy': 30,
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding': 30,
};

/**
 * Chart.yaml's `kubeVersion`: the newest minimum any object needs. The `-0`
 * lets pre-release-style versions such as EKS's `v1.30.4-eks-a737599` match.
 */
export function kubeVersionConstraint(objects: ReadonlyArray<{ apiVersion?: string; kind?: string }>): string {
  const minor = Math.max(BASELINE_MINOR, ...objects.map((o) => MINIMUM_KUBERNETES_MINOR[`${o.apiVersion} ${o.kind}`] ?? 0));
  return `>=1.${minor}.0-0`;
}
