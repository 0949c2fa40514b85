import type { ErrorObject } from 'ajv';
import { loadCachedModule } from './code-cache';

/** An ajv validator compiled to code at build time (`scripts/build-schemas.js`, `scripts/build-config-validator.js`). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const loaded = new Map<string, Record<string, CompiledValidator>>();

/**
 * Loads a generated validator module with the V8 code cache written beside it
 * at build time (`lib/code-cache.ts`): the modules hold megabytes of code, and
 * parsing them would cost more than checking a thousand objects.
 */
export function loadValidatorModule(path: string): Record<string, CompiledValidator> {
  let validators = loaded.get(path);
  if (!validators) {
    validators = loadCachedModule(path) as Record<string, CompiledValidator>;
    loaded.set(path, validators);
  }
  return validators;
}
