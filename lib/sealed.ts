/**
 * Large collections of plain data that rendering froze, deeply: maps and
 * lists of at least SEALED_MEMBERS members (100,000 node labels, the
 * DaemonSet's matchExpressions built from them) whose every member is a
 * primitive, a plain map or list, or sealed itself. Nothing can change a
 * sealed collection, so what is derived from one (its YAML text, whether it
 * spells a token, its keys) is remembered with it and reused wherever the
 * same object is met again: the pod templates of driver and executor share
 * one node selector, and the manifests and the Helm templates share the parts
 * that hold no value.
 *
 * Walks ask `isSealed` before they list a map's keys: listing the keys of a
 * map of 100,000 members costs V8 some 20 ms each time (such a map keeps no
 * cache of them), and a synth would list them some thirty times.
 *
 * Small collections are never sealed: a chart of 10,000 teams holds millions
 * of them. `isSealed` of one that is not sealed is a lookup that finds nothing.
 */
import { ownEntry } from './map-values';

export const SEALED_MEMBERS = 1000;

/** What is known of a sealed collection; filled in as walks ask. */
interface Sealed {
  /** The keys of a map, in order (undefined for a list). */
  readonly keys: readonly string[] | undefined;
  /** Whether cdk8s' resolve (with sanitize) would give an equal collection: maps' keys sorted, no null or undefined member. */
  readonly resolved: boolean;
  summary?: SealedSummary;
  /** Makes the summary from what the code that built the collection knows (`sealBuilt`). */
  readonly summarize?: () => SealedSummary;
  spelled?: Map<string, boolean>;
  /** Its YAML text by depth (see `lib/block-yaml.ts`). */
  yaml?: Array<string | undefined>;
}

const sealed = new WeakMap<object, Sealed>();

/**
 * Who may put sealed collections into a rendered object as they are (frozen,
 * shared by several objects): set only while lib/cdk8s-resolve.ts renders an
 * app for our own writers (`withFastResolve`), which change nothing they read.
 * cdk8s rendering for anyone else (a library user's `chart.toJson()`) gives
 * its usual fresh copies, which the caller may change and which the app's own
 * resolvers have seen.
 */
let sealedOutput: ((apiObject: object) => boolean) | undefined;

/** Runs `render` with sealed collections allowed into the objects `allowed` says yes to. */
export function withSealedOutput<T>(allowed: (apiObject: object) => boolean, render: () => T): T {
  const outer = sealedOutput;
  sealedOutput = allowed;
  try {
    return render();
  } finally {
    sealedOutput = outer;
  }
}

/** Whether `apiObject`, being rendered now, may take sealed collections into its rendered object as they are. */
export function sealedOutputAllowed(apiObject: object): boolean {
  return sealedOutput?.(apiObject) === true;
}

/** Whether `node` is a sealed collection. */
export function isSealed(node: object): boolean {
  return sealed.has(node);
}

/** Whether a collection of `members` members may be sealed: a cheaper test than `isSealed` where the count is known. */
export function mayBeSealed(members: number): boolean {
  return members >= SEALED_MEMBERS;
}

/** The keys of a sealed map, in order, listed once. */
export function sealedKeys(node: object): readonly string[] | undefined {
  return sealed.get(node)?.keys;
}

/** Whether a sealed collection is already what cdk8s' resolve would make of it (so it may stand for its own resolution). */
export function sealedAsResolved(node: object): boolean {
  return sealed.get(node)?.resolved === true;
}

/** The YAML texts of a sealed collection by depth, kept with it (see `lib/block-yaml.ts`); undefined if not sealed. */
export function sealedYamlTexts(node: object): Array<string | undefined> | undefined {
  const info = sealed.get(node);
  if (info === undefined) return undefined;
  return (info.yaml ??= []);
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
  const walk: PlainWalk = { collections: [], resolved: true, leaves };
  const keys = plainData(node, walk);
  if (keys === false) return node;
  for (const collection of walk.collections) Object.freeze(collection);
  sealed.set(node, { keys, resolved: walk.resolved });
  return node;
}

/**
 * A copy of a map of strings, numbers and booleans with its keys sorted and
 * its null and undefined members left out, as cdk8s' resolve makes it;
 * sealed when large. `keys` are the map's keys, if already listed (they are
 * sorted in place, but only once the map is known to be such a map).
 * Undefined if a member is none of these, or a key is `__proto__`.
 */
export function sortedScalarCopy(
  map: Readonly<Record<string, unknown>>,
  keys: string[] = Object.keys(map),
): Record<string, unknown> | undefined {
  for (const key of keys) {
    const value = map[key];
    if (key === '__proto__' || (value != null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean'))
      return undefined;
  }
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  const copy: Record<string, unknown> = {};
  const kept: string[] = [];
  for (const key of keys) {
    const value = map[key];
    if (value == null) continue;
    copy[key] = value;
    kept.push(key);
  }
  if (kept.length >= SEALED_MEMBERS) {
    Object.freeze(copy);
    sealed.set(copy, { keys: kept, resolved: true });
  }
  return copy;
}

/**
 * Seals `node`, a list the caller has just built of plain data and whose
 * every collection it has frozen already (no walk checks them): a list of
 * 100,000 node selector requirements made from a sealed map. `resolved`:
 * whether it is what cdk8s' resolve would make of it; `summarize` makes its
 * summary (see `sealedSummary`) from what the caller knows.
 */
export function sealBuilt(node: readonly unknown[], resolved: boolean, summarize: () => SealedSummary): void {
  Object.freeze(node);
  sealed.set(node, { keys: undefined, resolved, summarize });
}

interface PlainWalk {
  readonly collections: object[];
  resolved: boolean;
  readonly leaves: boolean;
}

/**
 * Whether `node` (a map or list) and everything in it is JSON-like plain
 * data (with `leaves`, its members primitives or sealed): false if not, else
 * its keys (undefined for a list). Every collection not yet sealed is added
 * to the walk's collections; `resolved` turns false at what cdk8s' resolve
 * would change.
 */
function plainData(node: object, walk: PlainWalk): readonly string[] | undefined | false {
  if (Array.isArray(node)) {
    if (Object.getPrototypeOf(node) !== Array.prototype) return false;
    walk.collections.push(node);
    for (let i = 0; i < node.length; i++) {
      if (node[i] == null) walk.resolved = false;
      if (!plainMember(node[i], walk)) return false;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(node) !== Object.prototype) return false;
  walk.collections.push(node);
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const member = record[keys[i]];
    if (member == null || (i > 0 && keys[i - 1] > keys[i]) || keys[i] === '__proto__') walk.resolved = false;
    if (!plainMember(member, walk)) return false;
  }
  return keys;
}

function plainMember(value: unknown, walk: PlainWalk): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object': {
      if (value === null) return true;
      const known = sealed.get(value);
      if (known !== undefined) {
        walk.resolved &&= known.resolved;
        return true;
      }
      return !walk.leaves && plainData(value, walk) !== false;
    }
    default:
      return false;
  }
}

/**
 * `node` with every sealed collection in it replaced by a copy that is not
 * frozen (the maps and lists on the way to one copied too), for what
 * changes it in place (JSON patches); `node` itself when it holds none.
 */
export function unsealed(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (sealed.has(node)) return copyOf(node);
  if (Array.isArray(node)) {
    const items = node.map(unsealed);
    return items.some((item, i) => item !== node[i]) ? items : node;
  }
  const record = node as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const member = unsealed(record[key]);
    if (member !== record[key]) copy ??= { ...record };
    if (copy !== undefined) ownEntry(copy, key, member);
  }
  return copy ?? node;
}

/** A plain copy of sealed data, nothing of it frozen. */
function copyOf(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(copyOf);
  const record = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of sealedKeys(record) ?? Object.keys(record)) ownEntry(copy, key, copyOf(record[key]));
  return copy;
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

/** The summary of a sealed collection. */
export function sealedSummary(node: object): SealedSummary {
  const info = sealed.get(node);
  if (info === undefined) throw new Error('sealedSummary: the collection is not sealed');
  return (info.summary ??= info.summarize?.() ?? leafSummary(node, info) ?? walkedSummary(node));
}

/**
 * Whether some string, key or number of a sealed collection contains one of
 * `fragments`; a fragment that starts and ends with a NUL asks whether one
 * is exactly the text between. Each answer is kept: it is a scan of megabytes.
 */
export function sealedSpells(node: object, fragments: readonly string[]): boolean {
  const info = sealed.get(node);
  if (info === undefined) throw new Error('sealedSpells: the collection is not sealed');
  const known = (info.spelled ??= new Map());
  for (const fragment of fragments) {
    let found = known.get(fragment);
    if (found === undefined) known.set(fragment, (found = fragment !== '' && sealedSummary(node).texts.includes(fragment)));
    if (found) return true;
  }
  return false;
}

/** Whether `node` is a sealed collection in which nothing contains one of `fragments` (`sealedSpells`): a walk may pass over it. */
export function sealedWithout(node: object, fragments: readonly string[]): boolean {
  return sealed.has(node) && !sealedSpells(node, fragments);
}

function walkedSummary(node: object): SealedSummary {
  const texts: string[] = [''];
  const nodes = summarize(node, texts);
  texts.push('');
  return { texts: texts.join('\0'), nodes, digestLike: texts.some(isSha256Hex) };
}

/**
 * The summary of a map or list of strings and numbers (a node selector),
 * from native joins of its keys and of its members; undefined for others.
 */
function leafSummary(node: object, info: Sealed): SealedSummary | undefined {
  const keys = info.keys ?? [];
  const record = node as Record<string, unknown>;
  const members: unknown[] = Array.isArray(node) ? node : keys.map((key) => record[key]);
  for (const member of members) if (typeof member !== 'string' && typeof member !== 'number') return undefined;
  const texts = `\0${keys.length ? `${keys.join('\0')}\0` : ''}${members.join('\0')}\0`;
  const digestLike = keys.some(isSha256Hex) || members.some(isSha256Hex);
  return { texts, nodes: 1 + members.length, digestLike };
}

/** Whether `text` is a string of 64 lower-case hex digits, as a sha256 digest is written (Helm's `sha256sum`). */
export function isSha256Hex(text: unknown): boolean {
  return typeof text === 'string' && text.length === 64 && SHA256_HEX.test(text);
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
  for (const key of sealedKeys(record) ?? Object.keys(record)) {
    texts.push(key);
    count += summarize(record[key], texts);
  }
  return count;
}
