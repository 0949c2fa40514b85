import { Construct } from 'constructs';
import { clusterScoped } from '../../../constructs/cluster-scoped';
import { ApiObject } from 'cdk8s';
import {
  NodePool,
  NodePoolSpecDisruptionBudgetsReasons,
  NodePoolSpecDisruptionConsolidationPolicy,
  NodePoolSpecLimits,
  NodePoolSpecTemplateSpecRequirementsOperator,
  NodePoolSpecTemplateSpecTaintsEffect,
} from '../../../../imports/karpenter.sh';
import { nodePool } from '../config/schema-node-pool';

export interface NodeRequirement {
  /** Node label the requirement is on, e.g. `kubernetes.io/arch`. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`. */
  readonly operator: string;
  /** @default [] */
  readonly values?: readonly string[];
  /** @default - no minimum */
  readonly minValues?: number;
}

export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /** @default - no value */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  readonly effect: string;
}

export interface DisruptionBudget {
  /** How many nodes may be disrupted at once: a number or a percentage. */
  readonly nodes: string;
  /** @default - always active */
  readonly schedule?: string;
  /** @default - always active */
  readonly duration?: string;
  /** @default - every reason */
  readonly reasons?: readonly string[];
}

export interface KarpenterNodePoolProps {
  /** Name of the NodePool (cluster-scoped); Karpenter labels its nodes `karpenter.sh/nodepool: <name>`. */
  readonly name: string;
  /** Labels of the NodePool object itself. @default {} */
  readonly labels?: Record<string, string>;
  /** The EC2NodeClass nodes are launched from (see `KarpenterNodeClass.ref`). */
  readonly nodeClassRef: { readonly group: string; readonly kind: string; readonly name: string };
  /** Labels every node of the pool gets. @default {} */
  readonly nodeLabels?: Record<string, string>;
  /** Constraints on the instances launched (ANDed). */
  readonly requirements: readonly NodeRequirement[];
  /** @default [] */
  readonly taints?: readonly NodeTaint[];
  /** Quantities by resource name, e.g. `{ cpu: '1000' }`. @default - unlimited */
  readonly limits?: Record<string, string>;
  /** When Karpenter may remove or replace nodes. */
  readonly disruption: {
    /** `WhenEmpty` or `WhenEmptyOrUnderutilized`. */
    readonly consolidationPolicy: string;
    /** How long a node must qualify before it is consolidated, e.g. `1m`, or `Never`. */
    readonly consolidateAfter: string;
    /** @default - Karpenter's default, 10% of the nodes */
    readonly budgets?: readonly DisruptionBudget[];
  };
  /** How long a node lives before Karpenter replaces it, e.g. `720h`, or `Never`. @default '720h' */
  readonly expireAfter?: string;
  /** Priority among pools that fit a pod (1-100). @default - no weight */
  readonly weight?: number;
}

/**
 * A Karpenter v1 NodePool: which nodes may be launched, how they are labelled and tainted, and when they go.
 * Its one object is the child `Resource` (`ApiObject.of(pool)`).
 */
export class KarpenterNodePool extends Construct {
  constructor(scope: Construct, id: string, props: KarpenterNodePoolProps) {
    super(scope, id);
    const limits = Object.entries(props.limits ?? {});
    new NodePool(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        weight: props.weight,
        limits: limits.length ? Object.fromEntries(limits.map(([k, v]) => [k, NodePoolSpecLimits.fromString(v)])) : undefined,
        disruption: {
          consolidationPolicy: props.disruption.consolidationPolicy as NodePoolSpecDisruptionConsolidationPolicy,
          consolidateAfter: props.disruption.consolidateAfter,
          budgets: props.disruption.budgets?.map((b) => ({
            nodes: b.nodes,
            schedule: b.schedule,
            duration: b.duration,
            reasons: b.reasons?.map((r) => r as NodePoolSpecDisruptionBudgetsReasons),
          })),
        },
        template: {
          metadata: props.nodeLabels && Object.keys(props.nodeLabels).length ? { labels: props.nodeLabels } : undefined,
          spec: {
            nodeClassRef: { ...props.nodeClassRef },
            requirements: props.requirements.map((r) => ({
              key: r.key,
              operator: r.operator as NodePoolSpecTemplateSpecRequirementsOperator,
              values: r.values?.length ? [...r.values] : undefined,
              minValues: r.minValues,
            })),
            taints: props.taints?.length
              ? props.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect as NodePoolSpecTemplateSpecTaintsEffect }))
              : undefined,
            expireAfter: props.expireAfter ?? nodePool.properties.expireAfter.default,
          },
        },
      },
    });
    clusterScoped(ApiObject.of(this));
  }
}
