import type { ErrorObject, ValidateFunction } from 'ajv';
import { existsSync } from 'node:fs';
import { closest, distance } from 'fastest-levenshtein';
import { loadValidatorModule } from '../validator-modules';
import { packagePath } from '../package-root';
import { joinPath, pointerToPath, Problem } from './problems';

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
  const problems = (validate.errors ?? []).flatMap(toProblem);
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\0${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function toProblem(error: ErrorObject): Problem[] {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = error.params.additionalProperty as string;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return [{ path: joinPath(path, key), message: unknownNameMessage('key', key, known) }];
    }
    case 'required':
      return [{ path: joinPath(path, error.params.missingProperty as string), message: 'is required' }];
    case 'enum':
      return [{ path, message: `must be one of: ${(error.params.allowedValues as unknown[]).map(show).join(', ')}` }];
    case 'const':
      return [{ path, message: `must be ${show(error.params.allowedValue)}` }];
    case 'propertyNames':
      return [];
    case 'pattern':
      if (error.propertyName !== undefined) {
        return [{ path: joinPath(path, error.propertyName), message: `key "${error.propertyName}" is not allowed here` }];
      }
      return [{ path, message: error.message ?? 'is invalid' }];
    default:
      return [{ path, message: error.message ?? 'is invalid' }];
  }
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
