import { isRecord, SPARK_ROLES, sparkRolePod, sparkSpecsOf } from '../pod-specs';
import { someOf } from '../strings';
import { Finding, finding, pointer, referenceOutsideSet, Resource } from '../types';
import { ObjectIndex } from './object-index';

/**
 * A NodePool's `nodeClassRef` names a node class (Karpenter's AWS provider:
 * `karpenter.k8s.aws` EC2NodeClass) of the group it says. One that is not
 * among the checked objects may exist in the cluster.
 */
export function checkNodeClassReferences(index: ObjectIndex): Finding[] {
  return index.ofKind('NodePool').flatMap((pool) => {
    const path = '/spec/template/spec/nodeClassRef';
    const ref = pool.object.spec?.template?.spec?.nodeClassRef;
    if (!isRecord(ref) || typeof ref.name !== 'string' || typeof ref.kind !== 'string') return [];
    const named = index.ofKind(ref.kind).filter((r) => r.object.metadata?.name === ref.name);
    if (named.length === 0) return [referenceOutsideSet(pool, path, 'nodeclass-ref', `${ref.kind} "${ref.name}"`)];
    if (named.some((r) => groupOf(r.object.apiVersion) === ref.group)) return [];
    const groups = [...new Set(named.map((r) => groupOf(r.object.apiVersion)))].join(', ');
    return [
      finding(
        pool,
        path,
        'nodeclass-ref',
        `${ref.kind} "${ref.name}" among the checked objects is of group ${groups}, not ${String(ref.group)}`,
      ),
    ];
  });
}

/** `karpenter.k8s.aws/v1` → `karpenter.k8s.aws`; `v1` → `` (the core group). */
function groupOf(apiVersion: unknown): string {
  const text = String(apiVersion);
  return text.includes('/') ? text.slice(0, text.lastIndexOf('/')) : '';
}

/** Label prefixes whose values Karpenter picks per node when a NodePool leaves them open (architecture, zone, instance type…). */
const NODE_LABEL_PREFIXES = ['kubernetes.io/', 'node.kubernetes.io/', 'topology.kubernetes.io/', 'karpenter.sh/', 'karpenter.k8s.aws/'];

/**
 * When NodePools are among the checked objects, each Spark driver and
 * executor must fit one of them: its nodeSelector met by the pool's labels or
 * requirements, and every taint of the pool tolerated. Otherwise the pods stay
 * Pending forever.
 *
 * A pod aims at pools through the labels of its nodeSelector that are not
 * node-wide ones (`NodeGroupType: …`, `karpenter.sh/nodepool`). When no pool
 * of the set carries them, or the pod aims at no pool at all (other nodes may
 * run it), the pool it needs is elsewhere: a reference outside the set. When
 * the pools it aims at are here and none of them fits, that is an error.
 */
export function checkSparkNodeSelection(index: ObjectIndex): Finding[] {
  const pools = index.ofKind('NodePool');
  if (pools.length === 0) return [];
  // Many pods share their placement: judge each distinct nodeSelector + tolerations once.
  const judged = new Map<string, Omit<Finding, 'resource' | 'path'> | undefined>();
  return index.resources.flatMap((app) =>
    sparkSpecsOf(app.object).flatMap(({ spec, path: specPath }) =>
      SPARK_ROLES.flatMap((role) => {
        if (!isRecord(spec[role])) return [];
        // Placement from the pod template, Spark conf and the webhook together.
        const pod = sparkRolePod({ spec, path: specPath }, role).spec;
        const placement = JSON.stringify([role, pod.nodeSelector, pod.tolerations]);
        if (!judged.has(placement)) judged.set(placement, judgePlacement(pools, pod, role));
        const verdict = judged.get(placement);
        if (!verdict) return [];
        const path = isRecord(spec[role].template?.spec?.nodeSelector)
          ? pointer(specPath, role, 'template', 'spec', 'nodeSelector')
          : isRecord(spec[role].nodeSelector)
            ? pointer(specPath, role, 'nodeSelector')
            : pointer(specPath, role);
        return [{ ...verdict, resource: app, path }];
      }),
    ),
  );
}

function judgePlacement(
  pools: readonly Resource[],
  pod: Record<string, any>,
  role: string,
): Omit<Finding, 'resource' | 'path'> | undefined {
  const selector: Record<string, unknown> = isRecord(pod.nodeSelector) ? pod.nodeSelector : {};
  const aiming = Object.entries(selector).filter(
    ([key]) => key === 'karpenter.sh/nodepool' || !NODE_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix)),
  );
  const aimedAt = aiming.length
    ? pools.filter((pool) =>
        aiming.every(([key, value]) => !labelUnmet(key, String(value), poolFacts(pool).labels, poolFacts(pool).requirements)),
      )
    : [];
  const candidates = aiming.length ? aimedAt : pools;
  if (aiming.length && aimedAt.length === 0) {
    const wanted = someOf(aiming.map(([key, value]) => `${key}=${String(value)}`));
    return {
      rule: 'node-selection',
      severity: 'warning',
      outsideSet: true,
      message: `a NodePool with ${wanted} for the ${role} is not among the checked objects`,
    };
  }
  const misfits = misfitsEverywhere(candidates, pod);
  if (!misfits) return undefined;
  if (!aiming.length) {
    return {
      rule: 'node-selection',
      severity: 'warning',
      outsideSet: true,
      message: `a node that can run the ${role} (no checked NodePool can: ${misfitSummary(misfits)}) is not among the checked objects`,
    };
  }
  return { rule: 'node-selection', severity: 'error', message: noPoolMessage(role, misfits) };
}

/** What a pool offers, read once per pool: the check compares every Spark pod with every pool. */
interface PoolFacts {
  readonly labels: Record<string, unknown>;
  readonly requirements: Array<Record<string, any>>;
  readonly taints: Array<Record<string, any>>;
}

const facts = new WeakMap<Resource, PoolFacts>();

function poolFacts(pool: Resource): PoolFacts {
  let known = facts.get(pool);
  if (!known) {
    const template = pool.object.spec?.template ?? {};
    known = {
      labels: {
        ...(isRecord(template.metadata?.labels) ? template.metadata.labels : {}),
        'karpenter.sh/nodepool': pool.object.metadata?.name,
      },
      requirements: Array.isArray(template.spec?.requirements) ? template.spec.requirements.filter(isRecord) : [],
      taints: Array.isArray(template.spec?.taints) ? template.spec.taints.filter(isRecord) : [],
    };
    facts.set(pool, known);
  }
  return known;
}

interface PoolMisfit {
  readonly pool: Resource;
  readonly reason: Unmet;
}

/** Why each pool cannot run `pod`, or undefined as soon as one can. */
function misfitsEverywhere(pools: readonly Resource[], pod: Record<string, any>): PoolMisfit[] | undefined {
  const misfits: PoolMisfit[] = [];
  for (const pool of pools) {
    const reason = whyNotOn(pool, pod);
    if (!reason) return undefined;
    misfits.push({ pool, reason });
  }
  return misfits;
}

/** `no NodePool can run the executor: …`, or `no NodePool of 200 can run the executor: …` (see misfitSummary). */
function noPoolMessage(role: string, misfits: readonly PoolMisfit[]): string {
  return `no NodePool ${misfits.length > 3 ? `of ${misfits.length} ` : ''}can run the ${role}: ${misfitSummary(misfits)}`;
}

/**
 * `NodePool a: …; NodePool b: …` for a few pools; for many, the reasons
 * counted by kind with one example each, so 200 pools give one short line.
 */
function misfitSummary(misfits: readonly PoolMisfit[]): string {
  if (misfits.length <= 3) return misfits.map((m) => `NodePool ${String(m.pool.object.metadata?.name)}: ${m.reason.text()}`).join('; ');
  const byKind = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const { reason } of misfits) {
    if (!byKind.has(reason.kind)) byKind.set(reason.kind, new Set());
    byKind.get(reason.kind)!.add(reason.example);
    counts.set(reason.kind, (counts.get(reason.kind) ?? 0) + 1);
  }
  return [...byKind].map(([kind, examples]) => `${counts.get(kind)} ${kind}, e.g. ${[...examples][0]}`).join('; ');
}

/** Why a pod does not fit a pool: the full text, and a kind and an example for summaries. */
interface Unmet {
  /** Built only when the message lists pools one by one. */
  readonly text: () => string;
  readonly kind: string;
  readonly example: string;
}

/** Why `pod` cannot run on nodes of `pool`, or undefined when it can. */
function whyNotOn(pool: Resource, pod: Record<string, any>): Unmet | undefined {
  const { labels, requirements, taints } = poolFacts(pool);
  for (const [key, value] of Object.entries(isRecord(pod.nodeSelector) ? pod.nodeSelector : {})) {
    const reason = labelUnmet(key, String(value), labels, requirements);
    if (reason) return reason;
  }
  const tolerations: Array<Record<string, any>> = Array.isArray(pod.tolerations) ? pod.tolerations.filter(isRecord) : [];
  const untolerated = taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint)));
  if (!untolerated) return undefined;
  const taint = `${String(untolerated.key)}${untolerated.value ? `=${String(untolerated.value)}` : ''}:${String(untolerated.effect)}`;
  return { text: () => `taint ${taint} is not tolerated`, kind: 'taints not tolerated', example: taint };
}

function labelUnmet(
  key: string,
  value: string,
  labels: Record<string, unknown>,
  requirements: Array<Record<string, any>>,
): Unmet | undefined {
  if (key in labels) {
    return labels[key] === value
      ? undefined
      : { text: () => `label ${key} is "${String(labels[key])}", not "${value}"`, kind: 'node labels differ', example: `${key}=${value}` };
  }
  let constrained = false;
  for (const requirement of requirements) {
    if (requirement.key !== key) continue;
    constrained = true;
    const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
    const met =
      (requirement.operator === 'In' && values.includes(value)) ||
      (requirement.operator === 'NotIn' && !values.includes(value)) ||
      requirement.operator === 'Exists' ||
      (requirement.operator === 'Gt' && Number(value) > Number(values[0])) ||
      (requirement.operator === 'Lt' && Number(value) < Number(values[0]));
    if (!met) {
      const text = () => `requirement ${key} ${String(requirement.operator)} [${someOf(values.map(String), 5)}] excludes "${value}"`;
      return { text, kind: 'requirements exclude it', example: `${key}=${value}` };
    }
  }
  if (constrained || NODE_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix))) return undefined;
  return { text: () => `nodes have no label ${key}`, kind: 'pools lack a selected label', example: key };
}

/** Kubernetes' toleration matching: empty key with Exists tolerates everything; empty effect matches every effect. */
function tolerates(toleration: Record<string, any>, taint: Record<string, any>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}
