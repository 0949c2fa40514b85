import type { ErrorObject, ValidateFunction } from 'ajv';
import { existsSync } from 'node:fs';
import { closest, distance } from 'fastest-levenshtein';
import { loadValidatorModule } from '../validator-modules';
import { packagePath } from '../package-root';
import { joinPath, pointerToPath, Problem } from './problems';
import { configSchema } from './schema';

/** Where `npm run build` writes `configValidatorCode()` (lib/config/config-validator-code.ts), compiled ahead of time. */
export const CONFIG_VALIDATOR_PATH = packagePath('build', 'config-validator', 'config.js');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    if (!existsSync(CONFIG_VALIDATOR_PATH)) throw new Error(`${CONFIG_VALIDATOR_PATH} is missing: run \`npm run build\``);
    compiled = loadValidatorModule(CONFIG_VALIDATOR_PATH).default as unknown as ValidateFunction;
  }
  return compiled;
}

/**
 * Checks `data` against the config schema, filling in defaults in place.
 * Returns one problem per broken rule, located by field path.
 */
export function validateAgainstSchema(data: unknown): Problem[] {
  const validate = validator();
  if (validate(data)) return [];
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error);
    if (problem !== undefined) problems.push(problem);
  }
  // A reserved key is named once, not also for every pattern it breaks.
  const reserved = new Set(problems.filter((p) => p.message.endsWith(RESERVED_KEY_MESSAGE_END)).map((p) => p.path));
  // Several failed branches of one schema become the same problem: kept once. Most paths have one message, kept
  // as a string; a set only where a path has several (fewer objects for 100,000 errors).
  const seen = new Map<string, string | Set<string>>();
  return problems.filter((p) => {
    if (reserved.has(p.path) && !p.message.endsWith(RESERVED_KEY_MESSAGE_END)) return false;
    const known = seen.get(p.path);
    if (known === undefined) {
      seen.set(p.path, p.message);
      return true;
    }
    if (known === p.message || (typeof known !== 'string' && known.has(p.message))) return false;
    seen.set(p.path, typeof known === 'string' ? new Set([known, p.message]) : known.add(p.message));
    return true;
  });
}

const RESERVED_KEY_MESSAGE_END = ' is reserved (JavaScript tools drop or misread it); rename it';

/**
 * The problem an error becomes: a schema's own `errorMessage` (as
 * ajv-errors defines it: a string replaces every error of the schema and
 * its sub-schemas, a map replaces the errors of one keyword) or a message
 * made from the error. Applied here, one error at a time, in linear time.
 */
function toProblem(error: ErrorObject): Problem | undefined {
  const whole = wholeSchemaMessage(error);
  if (whole) return whole;
  const messages = (error.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  const own = typeof messages === 'object' && messages !== null ? (messages as Record<string, unknown>)[error.keyword] : undefined;
  const path = pointerToPath(error.instancePath);
  if (typeof own === 'string') return { path: error.propertyName === undefined ? path : joinPath(path, error.propertyName), message: own };
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = error.params.additionalProperty as string;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return { path: joinPath(path, key), message: unknownNameMessage('key', key, known) };
    }
    case 'required':
      return { path: joinPath(path, error.params.missingProperty as string), message: 'is required' };
    case 'enum':
      return { path, message: `must be one of: ${(error.params.allowedValues as unknown[]).map(show).join(', ')}` };
    case 'const':
      return { path, message: `must be ${show(error.params.allowedValue)}` };
    case 'propertyNames':
      return undefined;
    case 'not':
      if (error.propertyName !== undefined) {
        return { path: joinPath(path, error.propertyName), message: `key "${error.propertyName}"${RESERVED_KEY_MESSAGE_END}` };
      }
      return { path, message: error.message ?? 'is invalid' };
    case 'pattern':
      if (error.propertyName !== undefined) {
        return { path: joinPath(path, error.propertyName), message: `key "${error.propertyName}" is not allowed here` };
      }
      return { path, message: error.message ?? 'is invalid' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

/**
 * The outermost schema on the error's schema path whose `errorMessage` is a
 * string, with the field it describes: e.g. every failed branch of a jar's
 * `anyOf` becomes the jar's one message.
 */
function wholeSchemaMessage(error: ErrorObject): Problem | undefined {
  let found = wholeMessageBySchemaPath.get(error.schemaPath);
  if (found === undefined) wholeMessageBySchemaPath.set(error.schemaPath, (found = findWholeMessage(error.schemaPath) ?? null));
  if (found === null) return undefined;
  return { path: pathOf(pointerPrefix(error.instancePath, found.depth)), message: found.message };
}

/**
 * `pointerToPath`, remembering the last pointer: the failed branches of one
 * item come one after another (100,000 bad jars give three errors each).
 */
let lastPointer: string | undefined;
let lastPath = '';
function pathOf(pointer: string): string {
  if (pointer !== lastPointer) {
    lastPath = pointerToPath(pointer);
    lastPointer = pointer;
  }
  return lastPath;
}

/** The first `depth` fields of a JSON pointer (`/a/b/c`, 2 → `/a/b`), found without splitting it. */
function pointerPrefix(pointer: string, depth: number): string {
  let end = 0;
  for (let i = 0; i < depth; i++) {
    end = pointer.indexOf('/', end + 1);
    if (end === -1) return pointer;
  }
  return pointer.slice(0, end);
}

interface WholeMessage {
  readonly message: string;
  readonly depth: number;
}

/** Errors of one schema path share their whole-schema message: found once, however many items fail. */
const wholeMessageBySchemaPath = new Map<string, WholeMessage | null>();

/** The message and how many fields deep (in the data) its schema sits. */
function findWholeMessage(schemaPath: string): WholeMessage | undefined {
  const segments = schemaPath
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = configSchema;
  let depth = 0;
  for (let i = 0; i < segments.length && typeof node === 'object' && node !== null; i++) {
    const schema = node as Record<string, unknown>;
    if (typeof schema.errorMessage === 'string') return { message: schema.errorMessage, depth };
    const segment = segments[i];
    if (segment === 'properties' || segment === 'patternProperties') {
      node = (schema[segment] as Record<string, unknown>)[segments[++i]];
      depth++;
    } else {
      node = schema[segment];
      if (segment === 'items' || segment === 'additionalProperties') depth++;
    }
  }
  return undefined;
}

/** The message for a name that refers to nothing: `unknown bucket "jar" (did you mean "jars"?)`. */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  return `unknown ${what} "${name}"${suggestion(name, known)}`;
}

/** ` (did you mean "x"?)` when a known word is a likely typo of `word`. */
export function suggestion(word: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(word, [...known]);
  const close = distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3));
  return close ? ` (did you mean "${best}"?)` : '';
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
