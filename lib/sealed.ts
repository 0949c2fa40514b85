/**
 * Large collections of plain data that rendering froze, deeply: maps and
 * lists of at least SEALED_MEMBERS members (100,000 node labels, the
 * DaemonSet's matchExpressions built from them) whose every member is a
 * primitive, a plain map or list, or sealed itself. Nothing can change a
 * sealed collection, so what is derived from one (its YAML text, whether it
 * spells a token) is remembered by identity and reused wherever the same
 * object is met again: the pod templates of driver and executor share one
 * node selector, and the manifests and the Helm templates share the parts
 * that hold no value.
 *
 * Small collections are never sealed: a chart of 10,000 teams holds millions
 * of them, and a check per collection would cost more than it saves.
 */
export const SEALED_MEMBERS = 1000;

const sealed = new WeakSet<object>();

/** Whether `node` is a sealed collection. Callers test the member count first (`mayBeSealed`), which is cheaper. */
export function isSealed(node: object): boolean {
  return sealed.has(node);
}

/** Whether a collection of `members` members may be sealed: the cheap test before `isSealed`. */
export function mayBeSealed(members: number): boolean {
  return members >= SEALED_MEMBERS;
}

/**
 * Seals `node`, a plain map or list just built that nothing else refers to
 * yet, when it has enough members (`members`, its member count) and holds
 * only plain data: it and every collection in it are frozen. With `leaves`,
 * only when every member is a primitive or sealed (no walk below its
 * members). Returns `node`.
 */
export function sealIfLarge<T extends object>(node: T, members: number, leaves = false): T {
  if (members < SEALED_MEMBERS || sealed.has(node)) return node;
  const collections: object[] = [];
  if (!plainData(node, collections, leaves)) return node;
  for (const collection of collections) Object.freeze(collection);
  sealed.add(node);
  return node;
}

/**
 * Whether `node` (a map or list) and everything in it is JSON-like plain
 * data (with `leaves`, its members primitives or sealed); every collection
 * not yet sealed added to `into`.
 */
function plainData(node: object, into: object[], leaves: boolean): boolean {
  if (Array.isArray(node)) {
    if (Object.getPrototypeOf(node) !== Array.prototype) return false;
    into.push(node);
    for (let i = 0; i < node.length; i++) if (!plainMember(node[i], into, leaves)) return false;
    return true;
  }
  if (Object.getPrototypeOf(node) !== Object.prototype) return false;
  into.push(node);
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!plainMember(record[key], into, leaves)) return false;
  return true;
}

function plainMember(value: unknown, into: object[], leaves: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      return value === null || sealed.has(value) || (!leaves && plainData(value, into, false));
    default:
      return false;
  }
}

/** What a walk over a sealed collection finds, made once per collection. */
export interface SealedSummary {
  /**
   * Every string, map key and number (as text) in it, each after a NUL:
   * whether any of them contains a text without NUL is one `includes`, and
   * whether one is exactly `text`, `includes('\0' + text + '\0')`.
   */
  readonly texts: string;
  /** How many values, list items and map members it holds, itself included. */
  readonly nodes: number;
  /** Whether a string or key of it is 64 lower-case hex digits, as a sha256 digest is written. */
  readonly digestLike: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const summaries = new WeakMap<object, SealedSummary>();

/** The summary of a sealed collection. */
export function sealedSummary(node: object): SealedSummary {
  let summary = summaries.get(node);
  if (summary === undefined) {
    const texts: string[] = [''];
    const nodes = summarize(node, texts);
    texts.push('');
    const digestLike = texts.some((text) => text.length === 64 && SHA256_HEX.test(text));
    summary = { texts: texts.join('\0'), nodes, digestLike };
    summaries.set(node, summary);
  }
  return summary;
}

/** Whether some string, key or number of a sealed collection contains one of `fragments` (none holding a NUL). */
export function sealedSpells(node: object, fragments: readonly string[]): boolean {
  const { texts } = sealedSummary(node);
  return fragments.some((fragment) => fragment !== '' && texts.includes(fragment));
}

function summarize(node: unknown, texts: string[]): number {
  switch (typeof node) {
    case 'string':
      texts.push(node);
      return 1;
    case 'number':
      texts.push(String(node));
      return 1;
    case 'object':
      break;
    default:
      return 1;
  }
  if (node === null) return 1;
  let count = 1;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) count += summarize(node[i], texts);
    return count;
  }
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    texts.push(key);
    count += summarize(record[key], texts);
  }
  return count;
}
