import { environmentProblems, rememberWrittenBase } from './environments';
import { EnvironmentError } from '../files/environment-error';
import { DEFAULT_MAX_INPUT_MIB, mebibytes, readInputFile } from '../files/read-input';
import { isJsonFile, parseConfigText } from './parse';
import { jsonTextFreeOfLineBreaks } from './line-break-rules';
import { ConfigError } from './problems';
import { UsageError } from '../errors';
import { checkConfigRules, RuleOptions } from './rules';
import { Config } from './schema';
import { validateAgainstSchema } from './validate-schema';
import { DEFAULT_CONFIG_NAME, defaultConfigText } from './default-config';

/**
 * Validates config data, as parsed from YAML or JSON: schema first (filling
 * defaults), then the rules that relate its parts, then every environment
 * merged with the base. Returns a normalized copy (`data` is left as it was)
 * or throws a ConfigError listing every problem, each located by field path;
 * `file` names the source in its messages.
 */
export function validateConfig(data: unknown, file = 'config'): Config {
  return validateParsed(plainCopy(data, file), file);
}

/** What JSON.stringify would silently turn into something else: a Map into {}, a Date into a string. */
class NotPlain extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(kind);
  }
}

function notPlainKind(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return undefined;
  return `a ${(value as { constructor?: { name?: string } }).constructor?.name || 'non-plain object'}`;
}

function plainCopy(data: unknown, file: string): unknown {
  const paths = new WeakMap<object, string>();
  function plainOnly(this: unknown, key: string, value: unknown): unknown {
    const holder = this as Record<string, unknown>;
    const at = paths.get(holder);
    const path = at === undefined ? '' : Array.isArray(holder) ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`;
    const kind = notPlainKind(typeof value === 'object' && value !== null ? value : holder[key]);
    if (kind !== undefined) throw new NotPlain(path, kind);
    if (typeof value === 'object' && value !== null) paths.set(value, path);
    return value;
  }
  try {
    // A JSON round trip, not structuredClone: that sets a "__proto__" key as the prototype, losing it.
    return JSON.parse(JSON.stringify(data, plainOnly));
  } catch (error) {
    if (error instanceof NotPlain) {
      throw new ConfigError(file, [{ path: error.path, message: `must be plain data (as YAML or JSON gives), not ${error.kind}` }]);
    }
    const reason = (error as Error).name === 'RangeError' ? 'nested too deeply' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', message: `not plain data (${reason})` }]);
  }
}

function validateParsed(data: unknown, file: string, rules?: RuleOptions): Config {
  // The schema fills defaults in place: environments merge into the config as written.
  const written = hasEnvironments(data) ? plainCopy(data, file) : undefined;
  const schemaProblems = validateAgainstSchema(data);
  if (schemaProblems.length > 0) throw new ConfigError(file, schemaProblems);
  const config = data as Config;
  const ruleProblems = checkConfigRules(config, undefined, rules);
  if (ruleProblems.length > 0) throw new ConfigError(file, ruleProblems);
  // Each environment is a config of its own, checked as a whole once the base is sound.
  if (written !== undefined) rememberWrittenBase(config, written);
  const environmentProblemList = environmentProblems(config);
  if (environmentProblemList.length > 0) throw new ConfigError(file, environmentProblemList);
  return config;
}

function hasEnvironments(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'environments' in data;
}

/** What is wrong with loadConfig's arguments (from JavaScript any value may arrive), or undefined. */
function loadArgumentProblem(file: unknown, maxMiB: unknown): string | undefined {
  if (file !== undefined && typeof file !== 'string') return `the config file must be a path (a string), not ${describeValue(file)}`;
  if (file === '') return 'the config file name is empty (an unset variable?); name a config file, or give none for the built-in default';
  if (typeof file === 'string' && file.includes('\0'))
    return `the config file name ${JSON.stringify(file)} contains a NUL character, which no path can hold`;
  // A limit whose bytes overflow to Infinity (Number.MAX_VALUE MiB) would disable it like Infinity itself.
  if (typeof maxMiB !== 'number' || !(maxMiB > 0) || !Number.isFinite(mebibytes(maxMiB))) {
    return `the input size limit must be a positive number of MiB, not ${describeValue(maxMiB)}`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n (a BigInt)`; // not "64", which would read as the number refused
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function loadConfigText(text: string, file: string): Config {
  // The schema's defaults hold no line break either; a JSON text free of them needs no walk for them.
  const freeOfLineBreaks = isJsonFile(file) && jsonTextFreeOfLineBreaks(text);
  return validateParsed(parseConfigText(text, file), file, { freeOfLineBreaks });
}

/**
 * Loads a config file (YAML, or JSON when it ends in .json): parsed,
 * validated, defaults applied. Throws a ConfigError listing every problem.
 * Without `file`, the built-in default (examples/node-daemonset.yaml). A file
 * that is not a regular file (a folder, a FIFO, a device) or is larger than
 * `maxMiB` is refused before it is parsed, with an EnvironmentError. A `file`
 * that is no path (not a string, empty, with a NUL character) or a `maxMiB`
 * that is not a positive number throws a UsageError.
 */
export function loadConfig(file?: string, maxMiB: number = DEFAULT_MAX_INPUT_MIB): Config {
  const problem = loadArgumentProblem(file, maxMiB);
  if (problem !== undefined) throw new UsageError(problem);
  if (file === undefined) return loadConfigText(defaultConfigText(), DEFAULT_CONFIG_NAME);
  let text: string;
  try {
    text = readInputFile(file, mebibytes(maxMiB));
  } catch (error) {
    // A missing config is a config problem (with a hint to write one), not a broken machine.
    if (error instanceof EnvironmentError && error.code === 'ENOENT') {
      throw new ConfigError(file, [{ path: '', message: 'cannot read config: file not found' }]);
    }
    throw error;
  }
  return loadConfigText(text, file);
}
