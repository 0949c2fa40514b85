import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  IResolver,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import * as resolveModule from 'cdk8s/lib/resolve';
import * as utilModule from 'cdk8s/lib/_util';
import { ownEntry } from './map-values';
import { isSealed, mayBeSealed, sealedAsResolved, sealedKeys, sealIfLarge, sortedScalarCopy, unsealed, withSealedOutput } from './sealed';

/**
 * cdk8s' `resolve`, which `ApiObject#toJson` (and object metadata) call
 * through its module's exports, once per object, and which then calls itself
 * once per value: it looks up the app's resolvers, makes a resolution context
 * and copies the key path at every value, most of the time of rendering an
 * object (a DaemonSet of 100,000 node labels, 10,000 teams' objects).
 */
type Resolve = (key: string[], value: unknown, apiObject: ApiObject) => unknown;
const exported = resolveModule as unknown as { resolve: Resolve };
const cdk8sResolve = exported.resolve;

/**
 * cdk8s' `sanitizeValue`, which `ApiObject#toJson` applies to what `resolve`
 * returned (`{ sortKeys: true }`: every map copied once more, its keys
 * sorted, null members dropped), as metadata does (also dropping empty maps
 * and lists).
 */
type Sanitize = (value: unknown, options?: utilModule.SanitizeOptions) => unknown;
const exportedUtil = utilModule as unknown as { sanitizeValue: Sanitize };
const cdk8sSanitize = exportedUtil.sanitizeValue;

/** The resolvers every cdk8s App has, in their order, when it was given none of its own. */
const DEFAULT_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
/** Their `resolve` methods as cdk8s ships them: resolveWithDefaults does what these do, and nothing a replacement would. */
const DEFAULT_RESOLVE_METHODS = DEFAULT_RESOLVERS.map((resolver) => resolver.prototype.resolve);

function onlyDefaultResolvers(resolvers: readonly IResolver[] | undefined): boolean {
  return (
    resolvers?.length === DEFAULT_RESOLVERS.length &&
    resolvers.every(
      (resolver, i) =>
        Object.getPrototypeOf(resolver) === DEFAULT_RESOLVERS[i].prototype &&
        !Object.hasOwn(resolver, 'resolve') &&
        resolver.resolve === DEFAULT_RESOLVE_METHODS[i],
    )
  );
}

const NUMBER_OR_STRING = ['number', 'string'];

/**
 * What cdk8s' `resolve` returns for an app with only the default resolvers,
 * step for step: a Lazy is produced, a value with a `resolve()` method is
 * resolved, a number-or-string union object becomes `{ value }`, each again
 * resolved; arrays and plain objects are copied with their members resolved
 * (by assignment, as cdk8s does). Those resolvers never read the key path or
 * the context, so neither is made.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any value cdk8s may hold, as cdk8s types it
function resolveWithDefaults(value: any): unknown {
  if (value == null) return value;
  if (value instanceof Lazy) return resolveWithDefaults(value.produce());
  if (typeof value.resolve === 'function') return resolveWithDefaults(value.resolve());
  if (value.constructor !== Object && NUMBER_OR_STRING.includes(typeof value.value)) return resolveWithDefaults({ value: value.value });
  if (Array.isArray(value)) return value.map((item) => resolveWithDefaults(item));
  if (value.constructor == Object) {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value)) result[key] = resolveWithDefaults(value[key]);
    return result;
  }
  return value;
}

const SORTED = { sortKeys: true } as const;

/**
 * `sanitizeValue(resolveWithDefaults(value), { sortKeys: true })` in one
 * walk, one copy: values are resolved in the order cdk8s resolves them
 * (depth first, keys as inserted), then each map is made with its keys
 * sorted and without null members. A map with a `__proto__` key, or a value
 * that is not a plain object, array or primitive after resolving, is left to
 * the two cdk8s steps (what assignment does to `__proto__`, the error for a
 * class instance).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any value cdk8s may hold, as cdk8s types it
function resolveSorted(value: any): unknown {
  if (value == null) return undefined;
  if (value instanceof Lazy) return (produced++, resolveSorted(value.produce()));
  if (typeof value.resolve === 'function') return (produced++, resolveSorted(value.resolve()));
  if (value.constructor !== Object && NUMBER_OR_STRING.includes(typeof value.value))
    return (produced++, resolveSorted({ value: value.value }));
  if (Array.isArray(value)) {
    if (!mayBeSealed(value.length)) return value.map((item) => resolveSorted(item));
    if (sealedAsResolved(value)) return value;
    return resolvedLarge(value, () => value.map((item) => resolveSorted(item)));
  }
  if (typeof value !== 'object') return value;
  if (resolvedAlready.delete(value)) return value;
  if (value.constructor != Object) return cdk8sSanitize(value, SORTED);
  // A sealed collection that resolves to its like is its own resolution (and its keys are not listed again).
  if (sealedAsResolved(value)) return value;
  const keys = Object.keys(value);
  if (keys.includes('__proto__')) return cdk8sSanitize(resolveWithDefaults(value), SORTED);
  if (!mayBeSealed(keys.length)) return resolvedMap(value, keys);
  // sortedScalarCopy leaves `keys` in their order when it gives up: resolvedMap resolves in cdk8s' order.
  return resolvedLarge(value, () => sortedScalarCopy(value, keys) ?? resolvedMap(value, keys));
}

/** A plain map's members resolved, its keys sorted, null members dropped. */
function resolvedMap(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (inOrder(keys)) {
    // Resolved in cdk8s' order, which is already the result's: one object made, no key list sorted.
    for (const key of keys) {
      const member = resolveSorted(value[key]);
      if (member != null) result[key] = member;
    }
    return result;
  }
  const values: unknown[] = [];
  for (const key of keys) values.push(resolveSorted(value[key]));
  sortTogether(keys, values);
  for (let i = 0; i < keys.length; i++) if (values[i] != null) result[keys[i]] = values[i];
  return result;
}

/** Whether `keys` are in the order `Array#sort` gives them. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** Up to this many keys, an insertion sort: `Array#sort` allocates a work area for each call, most of a render's sorting. */
const INSERTION_SORTED = 24;

/**
 * Sorts `keys` (distinct) as `Array#sort` does (by UTF-16 code units), and
 * `values` with them, member for member.
 */
function sortTogether(keys: string[], values: unknown[]): void {
  if (keys.length > INSERTION_SORTED) {
    // Never `__proto__` (resolveSorted leaves such a map to cdk8s): each key is an own member.
    const byKey: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) byKey[keys[i]] = values[i];
    keys.sort();
    for (let i = 0; i < keys.length; i++) values[i] = byKey[keys[i]];
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    const value = values[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) {
      keys[j + 1] = keys[j];
      values[j + 1] = values[j];
    }
    keys[j + 1] = key;
    values[j + 1] = value;
  }
}

/** How many values with a way of their own to resolve (Lazy, `resolve()`, unions) have been resolved so far. */
let produced = 0;
/** Within one `withFastResolve`: large plain inputs and their sealed results, the same for each use of the input. */
let resolvedInputs: Map<object, object> | undefined;

/**
 * The result of a large map or list (`resolve`), sealed when it is plain
 * data (see `lib/sealed.ts`); an input that held nothing to produce gives the
 * same sealed result each time it is met in one render (a node selector in
 * the driver's and the executor's pod templates), so the result's YAML and
 * other walks are made once.
 */
function resolvedLarge(input: object, resolve: () => unknown): unknown {
  const known = resolvedInputs?.get(input);
  if (known !== undefined) return known;
  const before = produced;
  const result = resolve() as object;
  // Leaves only: the generated classes of Kubernetes types copy their objects' members after cdk8s resolved them.
  if (!isSealed(result)) sealIfLarge(result, Array.isArray(result) ? result.length : Object.keys(result).length, true);
  if (produced === before && isSealed(result)) resolvedInputs?.set(input, result);
  return result;
}

/** Results of resolveSorted, each awaiting the `sanitizeValue` call that follows `resolve` in cdk8s. */
const presorted = new WeakSet<object>();

/** Within one `withFastResolve`: whether each app met has only the default resolvers, and whether cdk8s sorts keys. */
let defaultResolvers: Map<App, boolean> | undefined;
let sortDisabled = false;

function withDefaultResolvers(apiObject: ApiObject): boolean {
  const app = App.of(apiObject) as App | undefined;
  if (app === undefined || defaultResolvers === undefined) return onlyDefaultResolvers(app?.resolvers);
  let known = defaultResolvers.get(app);
  if (known === undefined) defaultResolvers.set(app, (known = onlyDefaultResolvers(app.resolvers)));
  return known;
}

function fastResolve(key: string[], value: unknown, apiObject: ApiObject): unknown {
  if (!withDefaultResolvers(apiObject)) return cdk8sResolve(key, value, apiObject);
  // ApiObject#toJson keeps the order of keys with this set (metadata sorts them all the same).
  if (sortDisabled) return resolveWithDefaults(value);
  const result = resolveSorted(value);
  if (result !== null && typeof result === 'object') presorted.add(result);
  return result;
}

/**
 * cdk8s' `sanitizeValue` for what `fastResolve` returned: with `{ sortKeys:
 * true }` that is the value itself; other options (metadata's filters) run
 * on it, which gives what they give on the unsorted value, since sorting
 * twice and dropping null members twice change nothing.
 */
function fastSanitize(value: unknown, options?: utilModule.SanitizeOptions): unknown {
  if (value !== null && typeof value === 'object' && presorted.delete(value)) {
    const { sortKeys = true, filterEmptyArrays = false, filterEmptyObjects = false } = options ?? {};
    if (sortKeys && !filterEmptyArrays && !filterEmptyObjects) return value;
    if (sortKeys) {
      const filtered = withoutEmpty(value, filterEmptyArrays, filterEmptyObjects);
      // Metadata, which ApiObject#toJson puts into the object it then resolves: resolved already.
      if (filtered !== undefined) resolvedAlready.add(filtered as object);
      return filtered;
    }
  }
  return cdk8sSanitize(value, options);
}

/**
 * What cdk8s' `sanitizeValue` gives for `value` (an output of resolveSorted:
 * maps' keys sorted, no null members) with these filters: empty lists or
 * maps, and members that become so, left out. Only what changes is copied.
 */
function withoutEmpty(value: unknown, arrays: boolean, objects: boolean): unknown {
  if (value === null || typeof value !== 'object') return value ?? undefined;
  if (Array.isArray(value)) {
    if (arrays && value.length === 0) return undefined;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutEmpty(value[i], arrays, objects);
      if (copy === undefined && item !== value[i]) copy = value.slice(0, i);
      copy?.push(item);
    }
    return copy ?? value;
  }
  const keys = sealedKeys(value) ?? Object.keys(value);
  const map = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  let kept = 0;
  for (let i = 0; i < keys.length; i++) {
    const member = withoutEmpty(map[keys[i]], arrays, objects);
    if (copy === undefined && member !== map[keys[i]]) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]] = map[keys[j]];
    }
    if (member == null) continue;
    kept++;
    if (copy !== undefined) copy[keys[i]] = member;
  }
  if (objects && kept === 0) return undefined;
  return copy ?? value;
}

/** Results of `fastSanitize` that are resolved already: resolveSorted meets each once more, and takes it as it is. */
const resolvedAlready = new WeakSet<object>();

/** cdk8s' `ApiObjectMetadataDefinition#toJson`, which `ApiObject#toJson` calls once per object. */
type MetadataToJson = (this: ApiObjectMetadataDefinition) => unknown;
const metadataPrototype = ApiObjectMetadataDefinition.prototype as unknown as { toJson: MetadataToJson };
const cdk8sMetadataToJson = metadataPrototype.toJson;

/** What `ApiObjectMetadataDefinition#toJson` renders: the metadata given, then each field that may have changed since. */
interface MetadataFields {
  readonly _additionalAttributes?: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly labels?: unknown;
  readonly apiObject: ApiObject;
}

const METADATA_FILTERS = { filterEmptyArrays: true, filterEmptyObjects: true } as const;

/**
 * `ApiObjectMetadataDefinition#toJson` with the object it resolves made by
 * assignment instead of `{ ...given, name, … }`: in Node 20 a spread followed
 * by members gives each object a hidden class of its own, and the metadata
 * given is a map V8 keeps as a dictionary (cdk8s deleted a member of it).
 * The same resolve and sanitize follow, so the JSON is the same (the
 * default resolvers read neither symbol keys nor the order of keys that
 * resolve sorts).
 */
function fastMetadataJson(this: ApiObjectMetadataDefinition): unknown {
  const fields = this as unknown as MetadataFields;
  const given = fields._additionalAttributes;
  // An app's own resolvers see the object cdk8s makes, symbol keys and all.
  if (given === null || typeof given !== 'object' || !withDefaultResolvers(fields.apiObject)) return cdk8sMetadataToJson.call(this);
  const data: Record<string, unknown> = {};
  // Own members, as the spread makes them (a key __proto__ included).
  for (const key of Object.keys(given)) ownEntry(data, key, given[key]);
  data.name = fields.name;
  data.namespace = fields.namespace;
  data.annotations = fields.annotations;
  data.finalizers = fields.finalizers;
  data.ownerReferences = fields.ownerReferences;
  data.labels = fields.labels;
  return exportedUtil.sanitizeValue(exported.resolve([], data, fields.apiObject), METADATA_FILTERS);
}

/**
 * Runs `render` (which calls `toJson()` of cdk8s objects) with cdk8s'
 * `resolve` taking the short way for apps that use only the default
 * resolvers: the same JSON, a fraction of the work. Objects of apps with
 * resolvers of their own are resolved by cdk8s itself. Should cdk8s' module
 * not let its `resolve` be replaced, `render` runs as it is.
 */
export function withFastResolve<T>(render: () => T): T {
  if (exported.resolve !== cdk8sResolve) return render(); // already inside
  try {
    patches.apply = applyToUnsealed;
    metadataPrototype.toJson = fastMetadataJson;
    exportedUtil.sanitizeValue = fastSanitize;
    exported.resolve = fastResolve;
  } catch {
    if (exportedUtil.sanitizeValue !== cdk8sSanitize) exportedUtil.sanitizeValue = cdk8sSanitize;
    if (metadataPrototype.toJson !== cdk8sMetadataToJson) metadataPrototype.toJson = cdk8sMetadataToJson;
    if (patches.apply !== cdk8sApply) patches.apply = cdk8sApply;
    return render();
  }
  resolvedInputs = new Map();
  defaultResolvers = new Map();
  sortDisabled = Boolean(process.env.CDK8S_DISABLE_SORT);
  try {
    // Objects rendered the short way may take sealed collections as they are (the DaemonSet's long expressions).
    return withSealedOutput((apiObject) => withDefaultResolvers(apiObject as ApiObject), render);
  } finally {
    resolvedInputs = undefined;
    defaultResolvers = undefined;
    exported.resolve = cdk8sResolve;
    exportedUtil.sanitizeValue = cdk8sSanitize;
    metadataPrototype.toJson = cdk8sMetadataToJson;
    patches.apply = cdk8sApply;
  }
}

/** cdk8s' `JsonPatch.apply`, which `ApiObject#toJson` calls with the object's patches on what resolve and sanitize gave. */
type Apply = (document: unknown, ...ops: JsonPatch[]) => unknown;
const patches = JsonPatch as unknown as { apply: Apply };
const cdk8sApply = patches.apply;

/** `JsonPatch.apply`, which changes the document in place: on a copy of its sealed collections (frozen) when there are patches. */
function applyToUnsealed(document: unknown, ...ops: JsonPatch[]): unknown {
  return ops.length === 0 ? document : cdk8sApply(unsealed(document), ...ops);
}
