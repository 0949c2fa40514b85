import { TeamConfig } from '../config/schema';

/** Where a team's Spark pods run: the nodes that carry its node-level mounts. */
export interface Placement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: ReadonlyArray<{ key: string; operator: string; value?: string; effect?: string }>;
}

export function teamPlacement(team: TeamConfig): Placement {
  return { nodeSelector: team.nodeSelector, tolerations: team.tolerations };
}

/**
 * The DaemonSet must run wherever any of these teams' Spark pods may run:
 * one node selector term per team (terms are ORed), and every toleration.
 * A team without a node selector runs anywhere, so then the DaemonSet does too.
 */
export function daemonSetPlacement(teams: readonly TeamConfig[]): {
  nodeSelectorTerms: Array<{ matchExpressions: Array<{ key: string; operator: string; values: string[] }> }>;
  tolerations: Placement['tolerations'];
} {
  const placements = teams.map(teamPlacement);
  const anywhere = placements.some((p) => Object.keys(p.nodeSelector).length === 0);
  const terms = anywhere
    ? []
    : uniqueBy(
        placements.map((p) => ({
          matchExpressions: Object.entries(p.nodeSelector)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, value]) => ({ key, operator: 'In', values: [value] })),
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
