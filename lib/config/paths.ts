/**
 * A list of paths that answers "which of them nest with this one" (the same
 * path, or one inside the other: `a` and `a/b`, not `a` and `ab`) by looking up the path, its parents and what lies below it,
 * not by comparing it with every path: the overlap rules stay linear in the
 * number of buckets (10,000 node-level buckets: 50 million pairs).
 */
export class PathIndex {
  /** Positions by path. */
  private readonly at = new Map<string, number[]>();
  /** Positions of the paths strictly below a path (`a` holds `a/b` and `a/b/c`). */
  private readonly below = new Map<string, number[]>();

  /** `paths[i]` is position i; undefined entries (a bucket without a cache) are left out. */
  constructor(paths: ReadonlyArray<string | undefined>) {
    paths.forEach((path, position) => {
      if (path === undefined) return;
      push(this.at, path, position);
      for (const parent of parentsOf(path)) push(this.below, parent, position);
    });
  }

  /** Positions of the paths that are `path`, lie inside it or contain it, ascending. */
  nestedWith(path: string): number[] {
    const found = [...(this.at.get(path) ?? []), ...(this.below.get(path) ?? [])];
    for (const parent of parentsOf(path)) found.push(...(this.at.get(parent) ?? []));
    return found.sort((a, b) => a - b);
  }
}

/** Every `p` with `path.startsWith(p + '/')`: `/a/b/c` → `/a/b`, `/a`, and `` for the leading slash. */
function parentsOf(path: string): string[] {
  const parents: string[] = [];
  for (let end = path.lastIndexOf('/'); end >= 0; end = end === 0 ? -1 : path.lastIndexOf('/', end - 1)) parents.push(path.slice(0, end));
  return parents;
}

function push(map: Map<string, number[]>, key: string, position: number): void {
  const positions = map.get(key);
  if (positions) positions.push(position);
  else map.set(key, [position]);
}
