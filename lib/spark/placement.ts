import { findNodePool, poolNodeSelector, poolTaints, Taint } from '../config/node-pools';
import { Config, TeamConfig } from '../config/schema';
import { mayBeSealed, sealBuilt, SealedSummary, sealedAsResolved, sealedKeys, sealedSummary, sortedScalarCopy } from '../sealed';

/** Where a team's Spark pods run: the nodes that carry its node-level mounts. */
export interface Placement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: ReadonlyArray<{ key: string; operator: string; value?: string; effect?: string }>;
}

/**
 * A team with a node pool runs on it: the pool's labels join the team's
 * node selector (the rules refuse a key that would contradict them) and each
 * pool taint gets a toleration, after the team's own.
 */
export function teamPlacement(config: Config, team: TeamConfig): Placement {
  if (team.nodePool === undefined) return { nodeSelector: team.nodeSelector, tolerations: team.tolerations };
  const pool = findNodePool(config, team.nodePool);
  return {
    nodeSelector: { ...team.nodeSelector, ...poolNodeSelector(pool) },
    tolerations: uniqueBy([...team.tolerations, ...poolTaints(pool).map(tolerationFor)]),
  };
}

function tolerationFor(taint: Taint): Placement['tolerations'][number] {
  return taint.value === undefined
    ? { key: taint.key, operator: 'Exists', effect: taint.effect }
    : { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect };
}

/** One term of node affinity's `nodeSelectorTerms`: a node meets it when it meets every expression. */
export interface SelectorTerm {
  readonly matchExpressions: Array<{ key: string; operator: string; values: string[] }>;
}

/**
 * The DaemonSet must run wherever any of these teams' Spark pods may run:
 * one node selector term per team (terms are ORed), and every toleration.
 * A team without a node selector runs anywhere, so then the DaemonSet does too.
 */
export function daemonSetPlacement(
  config: Config,
  teams: readonly TeamConfig[],
): {
  nodeSelectorTerms: SelectorTerm[];
  tolerations: Placement['tolerations'];
} {
  const placements = teams.map((team) => teamPlacement(config, team));
  const terms = placements.map((p) => selectorTerm(p.nodeSelector));
  const anywhere = terms.some((term) => term.matchExpressions.length === 0);
  return { nodeSelectorTerms: anywhere ? [] : uniqueTerms(terms), tolerations: uniqueBy(placements.flatMap((p) => p.tolerations)) };
}

/** The node selector as one term of node affinity: each label an `In` expression, by key. */
function selectorTerm(nodeSelector: Readonly<Record<string, string>>): SelectorTerm {
  const rendered = renderedSelector(nodeSelector);
  // The default sort compares UTF-16 code units, as `<` does, natively.
  const sealedKeyList = sealedKeys(rendered);
  const keys = sealedKeyList ?? Object.keys(nodeSelector).sort();
  const matchExpressions = new Array<SelectorTerm['matchExpressions'][number]>(keys.length);
  for (let i = 0; i < keys.length; i++) matchExpressions[i] = { key: keys[i], operator: 'In', values: [rendered[keys[i]]] };
  if (sealedKeyList === undefined) return { matchExpressions };
  // Sealed, as the selector it is made of: rendered as it is, and its YAML made once (lib/sealed.ts).
  for (const expression of matchExpressions) Object.freeze(Object.freeze(expression).values);
  sealBuilt(matchExpressions, true, () => expressionsSummary(rendered, matchExpressions.length));
  return { matchExpressions };
}

/** The summary of the expressions made of a sealed selector: its keys and values, the requirements' member names and `In`. */
function expressionsSummary(selector: object, count: number): SealedSummary {
  const { texts, digestLike } = sealedSummary(selector);
  // Each requirement: itself, its key, its operator, its list of values and the one value in it.
  return { texts: `${texts}key\0operator\0In\0values\0`, nodes: 1 + 5 * count, digestLike };
}

/**
 * The terms without repeats, first ones kept: only terms of equal length can
 * be equal, so a term of a length no other has is never spelt out (a single
 * team's 100,000 node labels would be a 5 MB key).
 */
function uniqueTerms(terms: readonly SelectorTerm[]): SelectorTerm[] {
  const lengths = new Map<number, number>();
  for (const term of terms) lengths.set(term.matchExpressions.length, (lengths.get(term.matchExpressions.length) ?? 0) + 1);
  const seen = new Set<string>();
  return terms.filter((term) => {
    if (lengths.get(term.matchExpressions.length) === 1) return true;
    const key = JSON.stringify(term);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function uniqueBy<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Within one build of a config's charts (`withRenderedSelectors`): each long node selector's rendered copy. */
let renderedSelectors: WeakMap<object, Readonly<Record<string, string>>> | undefined;

/**
 * Runs `build` (which adds a config's charts) with the rendered copy of each
 * long node selector (`renderedSelector`) made once for all its objects:
 * the DaemonSet's affinity and the pod templates of the team's applications
 * (100,000 labels listed and sorted once, not once per object).
 */
export function withRenderedSelectors<T>(build: () => T): T {
  const outer = renderedSelectors;
  renderedSelectors ??= new WeakMap();
  try {
    return build();
  } finally {
    renderedSelectors = outer;
  }
}

/**
 * A node selector as cdk8s renders it: a long one (SEALED_MEMBERS labels or
 * more) as a sealed copy with its keys sorted (`lib/sealed.ts`), which cdk8s
 * and the YAML writer take as it is; a shorter one as it is.
 */
export function renderedSelector(nodeSelector: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  // cdk8s then keeps every map's keys in their order: the selector's own, not sorted.
  if (process.env.CDK8S_DISABLE_SORT) return nodeSelector;
  if (sealedAsResolved(nodeSelector)) return nodeSelector;
  const known = renderedSelectors?.get(nodeSelector);
  if (known !== undefined) return known;
  const keys = Object.keys(nodeSelector);
  if (!mayBeSealed(keys.length)) return nodeSelector;
  const rendered = (sortedScalarCopy(nodeSelector, keys) as Record<string, string> | undefined) ?? nodeSelector;
  renderedSelectors?.set(nodeSelector, rendered);
  return rendered;
}
