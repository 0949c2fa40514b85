import { ApiObject, App, IResolver, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import * as resolveModule from 'cdk8s/lib/resolve';

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

const fastResolve: Resolve = (key, value, apiObject) =>
  onlyDefaultResolvers(App.of(apiObject)?.resolvers) ? resolveWithDefaults(value) : cdk8sResolve(key, value, apiObject);

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
    exported.resolve = fastResolve;
  } catch {
    return render();
  }
  try {
    return render();
  } finally {
    exported.resolve = cdk8sResolve;
  }
}
