import { operatorPod } from '../../spark/operator-pod';
import { isRecord, SPARK_ROLES, sparkSpecsOf } from '../pod-specs';
import { Finding, finding, pointer, Resource } from '../types';
import { ObjectIndex } from './object-index';

/** A NodePool's `nodeClassRef` names an EC2NodeClass that is among the checked objects. */
export function checkNodeClassReferences(index: ObjectIndex): Finding[] {
  return index.ofKind('NodePool').flatMap((pool) => {
    const ref = pool.object.spec?.template?.spec?.nodeClassRef;
    if (!isRecord(ref) || typeof ref.name !== 'string') return [];
    if (ref.kind === 'EC2NodeClass' && ref.group === 'karpenter.k8s.aws' && index.find('EC2NodeClass', undefined, ref.name)) return [];
    return [
      finding(pool, '/spec/template/spec/nodeClassRef', 'nodeclass-ref', `${String(ref.kind)} "${ref.name}" (group ${String(ref.group)}) is not among the checked objects`),
    ];
  });
}

/** Label prefixes whose values Karpenter picks per node when a NodePool leaves them open (architecture, zone, instance type…). */
const NODE_LABEL_PREFIXES = ['kubernetes.io/', 'node.kubernetes.io/', 'topology.kubernetes.io/', 'karpenter.sh/', 'karpenter.k8s.aws/'];

/**
 * When NodePools are among the checked objects, each Spark driver and
 * executor must fit one of them: its nodeSelector met by the pool's labels or
 * requirements, and every taint of the pool tolerated. Otherwise the pods stay
 * Pending forever.
 */
export function checkSparkNodeSelection(index: ObjectIndex): Finding[] {
  const pools = index.ofKind('NodePool');
  if (pools.length === 0) return [];
  // Many pods share their placement: judge each distinct nodeSelector + tolerations once.
  const judged = new Map<string, Array<{ pool: Resource; reason: string | undefined }>>();
  return index.resources.flatMap((app) =>
    sparkSpecsOf(app.object).flatMap(({ spec, path: specPath }) => SPARK_ROLES.flatMap((role) => {
      if (!isRecord(spec[role])) return [];
      // Placement from the pod template, Spark conf and the webhook together.
      const pod = operatorPod(spec, role, { webhook: true, specPath }).spec;
      const placement = JSON.stringify([pod.nodeSelector, pod.tolerations]);
      let reasons = judged.get(placement);
      if (!reasons) {
        reasons = pools.map((pool) => ({ pool, reason: whyNotOn(pool, pod) }));
        judged.set(placement, reasons);
      }
      if (reasons.some((r) => r.reason === undefined)) return [];
      const path = isRecord(spec[role].template?.spec?.nodeSelector) ? pointer(specPath, role, 'template', 'spec', 'nodeSelector') : isRecord(spec[role].nodeSelector) ? pointer(specPath, role, 'nodeSelector') : pointer(specPath, role);
      const detail = reasons.map((r) => `NodePool ${String(r.pool.object.metadata?.name)}: ${r.reason}`).join('; ');
      return [finding(app, path, 'node-selection', `no NodePool can run the ${role}: ${detail}`)];
    })),
  );
}

/** Why `pod` cannot run on nodes of `pool`, or undefined when it can. */
function whyNotOn(pool: Resource, pod: Record<string, any>): string | undefined {
  const template = pool.object.spec?.template ?? {};
  const labels: Record<string, unknown> = isRecord(template.metadata?.labels) ? template.metadata.labels : {};
  const requirements: Array<Record<string, any>> = Array.isArray(template.spec?.requirements) ? template.spec.requirements.filter(isRecord) : [];
  labels['karpenter.sh/nodepool'] = pool.object.metadata?.name;
  for (const [key, value] of Object.entries(isRecord(pod.nodeSelector) ? pod.nodeSelector : {})) {
    const reason = labelUnmet(key, String(value), labels, requirements);
    if (reason) return reason;
  }
  const tolerations: Array<Record<string, any>> = Array.isArray(pod.tolerations) ? pod.tolerations.filter(isRecord) : [];
  const taints: Array<Record<string, any>> = Array.isArray(template.spec?.taints) ? template.spec.taints.filter(isRecord) : [];
  const untolerated = taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint)));
  if (untolerated) return `taint ${String(untolerated.key)}${untolerated.value ? `=${String(untolerated.value)}` : ''}:${String(untolerated.effect)} is not tolerated`;
  return undefined;
}

function labelUnmet(key: string, value: string, labels: Record<string, unknown>, requirements: Array<Record<string, any>>): string | undefined {
  if (key in labels) return labels[key] === value ? undefined : `label ${key} is "${String(labels[key])}", not "${value}"`;
  const constraints = requirements.filter((r) => r.key === key);
  if (constraints.length === 0) {
    return NODE_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix)) ? undefined : `nodes have no label ${key}`;
  }
  for (const requirement of constraints) {
    const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
    const met =
      (requirement.operator === 'In' && values.includes(value)) ||
      (requirement.operator === 'NotIn' && !values.includes(value)) ||
      requirement.operator === 'Exists' ||
      (requirement.operator === 'Gt' && Number(value) > Number(values[0])) ||
      (requirement.operator === 'Lt' && Number(value) < Number(values[0]));
    if (!met) return `requirement ${key} ${String(requirement.operator)} [${values.join(', ')}] excludes "${value}"`;
  }
  return undefined;
}

/** Kubernetes' toleration matching: empty key with Exists tolerates everything; empty effect matches every effect. */
function tolerates(toleration: Record<string, any>, taint: Record<string, any>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}
