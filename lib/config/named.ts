/** Something a config names: a bucket, a team, a node pool. */
interface Named {
  readonly name: string;
}

/** Position of the first item of each name, by the array it was built from. */
const indexes = new WeakMap<readonly Named[], Map<string, number>>();

function indexOf(items: readonly Named[]): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, position) => {
    if (!index.has(item.name)) index.set(item.name, position);
  });
  indexes.set(items, index);
  return index;
}

/**
 * `items.findIndex((item) => item.name === name)` without a scan per
 * lookup, which made synth quadratic in the number of teams and buckets.
 * The index is kept per array and checked on every use: a found position
 * must still hold that name, and a name not found is looked up once more in
 * a fresh index, so an array changed in place between lookups answers as
 * findIndex would.
 */
export function positionOfNamed(items: readonly Named[], name: string): number {
  const position = indexes.get(items)?.get(name);
  if (position !== undefined && items[position]?.name === name) return position;
  return indexOf(items).get(name) ?? -1;
}

/** `items.find((item) => item.name === name)`, through positionOfNamed's index. */
export function findNamed<T extends Named>(items: readonly T[], name: string): T | undefined {
  const position = positionOfNamed(items, name);
  return position < 0 ? undefined : items[position];
}
