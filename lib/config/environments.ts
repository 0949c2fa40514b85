import { ENVIRONMENT_OVERRIDES } from './environments-schema';
import { ConfigError, joinPath, Problem } from './problems';
import { checkConfigRules } from './rules';
import { Config, configSchema } from './schema';
import { validateAgainstSchema } from './validate-schema';

/** One cluster of a config with `environments`: the base merged with the environment's overrides, validated and with defaults. */
export interface Environment {
  readonly name: string;
  readonly config: Config;
}

/** The key that removes an item of a named list: `- {name: scratch, $remove: true}`. */
export const REMOVE_KEY = '$remove';

type Section = keyof typeof ENVIRONMENT_OVERRIDES;
type Data = Record<string, unknown>;

/**
 * The top-level lists whose items merge by `name` (buckets, teams, node
 * pools, applications): every overridable list whose items require a name,
 * read from the schema so that a new list of named items merges by name too.
 */
export const NAMED_LISTS: readonly Section[] = (Object.keys(ENVIRONMENT_OVERRIDES) as Section[]).filter((section) => {
  const items = (configSchema.properties[section] as { items?: { required?: readonly string[] } }).items;
  return items?.required?.includes('name') ?? false;
});

/**
 * The base of each config with environments as written, before the schema
 * filled in its defaults: environments merge into it, and the schema fills
 * the defaults of each merged config, so that no default of the base
 * stands beside a value an environment sets instead (an `amiId` beside a
 * default `amiAlias`). Held by the validated config it belongs to.
 */
const WRITTEN_BASES = new WeakMap<Config, Data>();

/** Remembers `written`, the config data before validation, as the base of the validated `config`'s environments. */
export function rememberWrittenBase(config: Config, written: unknown): void {
  if (isObject(written)) WRITTEN_BASES.set(config, written);
}

/** `environments.prod → buckets[0].bucket`: where a problem of one environment is. */
export function environmentPath(name: string, path: string): string {
  const environment = joinPath('environments', name);
  return path ? `${environment} → ${path}` : environment;
}

/**
 * Every problem of the config's environments, each validated as a whole
 * config after merging; none without `environments`. Needs a base config
 * that passed the schema and the rules.
 */
export function environmentProblems(config: Config): Problem[] {
  return [...duplicateNames(config), ...mergedEnvironments(config).flatMap((environment) => environment.problems)];
}

/**
 * The config of every environment, in the order the config lists them
 * (empty without `environments`). A pure function of the validated base
 * config; throws a ConfigError naming the environment and the field path of
 * each problem.
 */
export function environmentConfigs(config: Config, file: string): Environment[] {
  const problems = environmentProblems(config);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return mergedEnvironments(config).map(({ name, config: merged }) => ({ name, config: merged! }));
}

interface MergedEnvironment {
  readonly name: string;
  /** Undefined when there are problems. */
  readonly config?: Config;
  readonly problems: readonly Problem[];
}

function mergedEnvironments(config: Config): MergedEnvironment[] {
  // A config built in code, not validated from data, is its own base: its defaults are already filled in.
  const { environments: _written, ...base } = WRITTEN_BASES.get(config) ?? (config as Data);
  return (config.environments ?? []).map(({ name, ...overrides }) => {
    const located = (problems: readonly Problem[]) => problems.map((p) => ({ path: environmentPath(name, p.path), message: p.message }));
    const merge: Problem[] = [];
    const data = mergeOverrides(base, overrides as Data, merge);
    if (merge.length > 0) return { name, problems: located(merge) };
    const schema = validateAgainstSchema(data);
    if (schema.length > 0) return { name, problems: located(schema) };
    const merged = data as Config;
    const rules = checkConfigRules(merged, name);
    return rules.length > 0 ? { name, problems: located(rules) } : { name, config: merged, problems: [] };
  });
}

function duplicateNames(config: Config): Problem[] {
  const first = new Map<string, number>();
  return (config.environments ?? []).flatMap(({ name }, index) => {
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, index);
    return earlier === undefined
      ? []
      : [{ path: `environments[${index}].name`, message: `environment "${name}" is already used by environments[${earlier}]` }];
  });
}

/** The base with an environment's overrides applied; problems of the overrides go to `problems`. */
function mergeOverrides(base: Data, overrides: Data, problems: Problem[]): Data {
  const merged = structuredClone(base);
  for (const [section, override] of Object.entries(overrides)) {
    const value = (NAMED_LISTS as readonly string[]).includes(section)
      ? mergeNamedList(merged[section], override, section, problems)
      : mergePatch(merged[section], override);
    if (value === undefined) delete merged[section];
    else merged[section] = value;
  }
  return merged;
}

/**
 * JSON Merge Patch (RFC 7386): objects merge key by key, null removes a
 * key, anything else (lists included) replaces the base value.
 */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (!isObject(patch)) return structuredClone(patch);
  const merged: Data = isObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const next = mergePatch(merged[key], value);
    if (next === undefined) delete merged[key];
    // Defined, not assigned: a key "__proto__" stays a key (for the schema to refuse), never a prototype.
    else Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

/**
 * A list of named items: an override item with a known name is merged into
 * that item (JSON Merge Patch), one with a new name is added at the end, one
 * with `$remove: true` is removed. Anything but a list replaces the base
 * value, for the schema to judge after merging.
 */
function mergeNamedList(base: unknown, override: unknown, section: string, problems: Problem[]): unknown {
  if (!Array.isArray(base) || !Array.isArray(override)) return mergePatch(base, override);
  const merged = [...base] as unknown[];
  const seen = new Map<string, number>();
  override.forEach((item: unknown, index) => {
    const path = joinPath(section, index);
    const problem = (key: string, message: string) => problems.push({ path: key ? joinPath(path, key) : path, message });
    if (!isObject(item) || typeof item.name !== 'string') {
      const what = isObject(item) && 'name' in item ? 'must be a string' : 'is required';
      problem('name', `${what}: items of ${section} in an environment are merged into the base's by name`);
      return;
    }
    const { name } = item;
    if (seen.has(name)) {
      problem('name', `"${name}" is already overridden by ${joinPath(section, seen.get(name)!)}`);
      return;
    }
    seen.set(name, index);
    const alsoSet = Object.keys(item).find((key) => key !== 'name' && key !== REMOVE_KEY);
    const at = merged.findIndex((existing) => isObject(existing) && existing.name === name);
    if (!(REMOVE_KEY in item)) {
      if (at < 0) merged.push(mergePatch({}, item));
      else merged[at] = mergePatch(merged[at], item);
    } else if (item[REMOVE_KEY] !== true) {
      problem(REMOVE_KEY, 'must be true (it removes the item; leave it out to keep it)');
    } else if (alsoSet !== undefined) {
      problem(alsoSet, 'an item that is removed cannot set anything else');
    } else if (at < 0) {
      problem('name', `no item of the base's ${section} is named "${name}", so none can be removed`);
    } else {
      merged.splice(at, 1);
    }
  });
  return merged;
}

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
