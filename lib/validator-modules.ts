import type { ErrorObject } from 'ajv';
import * as equal from 'ajv/dist/runtime/equal';
import * as ucs2length from 'ajv/dist/runtime/ucs2length';
import { createRequire } from 'node:module';
import { loadCachedModule } from './code-cache';

/** An ajv validator compiled to code at build time (`scripts/build-schemas.js`, `scripts/build-config-validator.js`). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const loaded = new Map<string, Record<string, CompiledValidator>>();

/**
 * The modules of ajv's runtime that generated validators require (ajv names
 * them in the code it writes), served from the ajv this module was built with:
 * resolved from a validator's folder, each would cost a walk up node_modules
 * and a read of ajv's package.json on every start.
 */
const AJV_RUNTIME: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['ajv/dist/runtime/equal', equal],
  ['ajv/dist/runtime/ucs2length', ucs2length],
]);

function validatorRequire(path: string): (id: string) => unknown {
  let resolving: NodeJS.Require | undefined;
  return (id) => (AJV_RUNTIME.has(id) ? AJV_RUNTIME.get(id) : (resolving ??= createRequire(path))(id));
}

/**
 * Loads a generated validator module with the V8 code cache written beside it
 * at build time (`lib/code-cache.ts`): the modules hold megabytes of code, and
 * parsing them would cost more than checking a thousand objects.
 */
export function loadValidatorModule(path: string): Record<string, CompiledValidator> {
  let validators = loaded.get(path);
  if (!validators) {
    validators = loadCachedModule(path, validatorRequire(path)) as Record<string, CompiledValidator>;
    loaded.set(path, validators);
  }
  return validators;
}
