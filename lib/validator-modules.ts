import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as vm from 'node:vm';
import type { ErrorObject } from 'ajv';

/** An ajv validator compiled to code at build time (`scripts/build-schemas.js`, `scripts/build-config-validator.js`). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const loaded = new Map<string, Record<string, CompiledValidator>>();

/**
 * Loads a generated validator module with the V8 code cache written beside it
 * at build time: the modules hold megabytes of code, and parsing them would
 * cost more than checking a thousand objects. A cache from another Node
 * version is rejected by V8, and the module is then simply parsed.
 */
export function loadValidatorModule(path: string): Record<string, CompiledValidator> {
  const cached = loaded.get(path);
  if (cached) return cached;
  const cachePath = `${path}.v8cache`;
  const script = new vm.Script(Module.wrap(readFileSync(path, 'utf8')), {
    filename: path,
    cachedData: existsSync(cachePath) ? readFileSync(cachePath) : undefined,
  });
  const module = { exports: {} as Record<string, CompiledValidator> };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path));
  loaded.set(path, module.exports);
  return module.exports;
}
