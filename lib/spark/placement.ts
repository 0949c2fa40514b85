import { findNodePool, poolNodeSelector, poolTaints, Taint } from '../config/node-pools';
import { Config, TeamConfig } from '../config/schema';

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

/**
 * The DaemonSet must run wherever any of these teams' Spark pods may run:
 * one node selector term per team (terms are ORed), and every toleration.
 * A team without a node selector runs anywhere, so then the DaemonSet does too.
 */
export function daemonSetPlacement(
  config: Config,
  teams: readonly TeamConfig[],
): {
  nodeSelectorTerms: Array<{ matchExpressions: Array<{ key: string; operator: string; values: string[] }> }>;
  tolerations: Placement['tolerations'];
} {
  const placements = teams.map((team) => teamPlacement(config, team));
  const anywhere = placements.some((p) => Object.keys(p.nodeSelector).length === 0);
  const terms = anywhere
    ? []
    : uniqueBy(
        placements.map((p) => ({
          // The default sort compares UTF-16 code units, as `<` does, natively: 100,000 node labels sort in a blink.
          matchExpressions: Object.keys(p.nodeSelector)
            .sort()
            .map((key) => ({ key, operator: 'In', values: [p.nodeSelector[key]] })),
        })),
      );
  return { nodeSelectorTerms: terms, tolerations: uniqueBy(placements.flatMap((p) => p.tolerations)) };
}

function uniqueBy<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
