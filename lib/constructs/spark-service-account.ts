import { k8s } from './k8s';
import { Construct } from 'constructs';

export interface SparkServiceAccountProps {
  /** The team's namespace. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly name: string;
  /**
   * IAM role the pods assume through IRSA (`eks.amazonaws.com/role-arn`).
   * With EKS Pod Identity, leave it out and create a pod identity association
   * for this namespace and service account instead.
   * @default - no IAM role annotation
   */
  readonly iamRoleArn?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/** A service account Spark pods of one team run as (drivers and executors each have one). */
export class SparkServiceAccount extends Construct {
  /** Name of the ServiceAccount. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: SparkServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: props.iamRoleArn ? { 'eks.amazonaws.com/role-arn': props.iamRoleArn } : undefined,
      },
    });
  }
}
