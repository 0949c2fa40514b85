import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { clusterScoped } from './cluster-scoped';
import { k8s } from './k8s';
import { Construct } from 'constructs';

/** Pod Security Admission levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface PodSecurityNamespaceProps {
  /** Name of the namespace. */
  readonly name: string;
  /** Level the API server enforces on pods of this namespace. */
  readonly enforce: PodSecurityLevel;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace labelled for Pod Security Admission. Violations of `restricted`
 * are recorded in the audit log, so a namespace that must be privileged still
 * shows what keeps it from being stricter.
 */
export class PodSecurityNamespace extends Construct {
  /** Name of the Namespace. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const metadata: ApiObjectMetadata = {
      name: props.name,
      labels: {
        ...props.labels,
        'pod-security.kubernetes.io/enforce': props.enforce,
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    };
    new k8s.KubeNamespace(this, 'Resource', { metadata });
    clusterScoped(ApiObject.of(this));
  }
}
