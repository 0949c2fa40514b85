import { crc32 } from 'node:zlib';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as vm from 'node:vm';

/*
 * V8 code caches of generated CommonJS modules (the compiled validators, the
 * bundled CLI), written beside each module at build time as
 * `<module>.v8cache`: loading the module then costs a deserialisation instead
 * of parsing megabytes of code and compiling every function it runs.
 *
 * V8 rejects a cache made by another V8 version or under other V8 flags (the
 * module is then parsed as usual), but it recognises the source only by its
 * length. So the cache starts with a fingerprint of the exact source it was
 * made from, and a cache of any other source is never handed to V8: a module
 * rebuilt without its cache runs its own code, not the cached one. V8 does not
 * check the cached code itself: a damaged cache crashes the process with a
 * native stack trace. So the fingerprint is followed by a CRC-32 of the V8
 * data, and a cache whose data does not match it is never handed to V8; it is
 * also written whole or not at all.
 *
 * The fingerprint is the source's length and CRC-32: it guards against stale
 * files, not against an attacker (whoever can write the cache can write the
 * module), and it costs a fraction of a cryptographic hash of megabytes of
 * source on every start.
 */

const CACHE_SUFFIX = '.v8cache';

/** The source's length, then its CRC-32, then the CRC-32 of the V8 data (each 32 bits, big-endian), then the V8 data. */
const HEADER_BYTES = 12;

function header(source: Buffer, data: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt32BE(source.length % 2 ** 32, 0);
  out.writeUInt32BE(crc32(source), 4);
  out.writeUInt32BE(crc32(data), 8);
  return out;
}

function compile(path: string, source: Buffer, cachedData?: Buffer): vm.Script {
  return new vm.Script(Module.wrap(source.toString('utf8')), { filename: path, cachedData });
}

/** The `require` a loaded module is given: `require(id)` as Node would resolve it from the module's folder, unless a loader serves it. */
export type ModuleRequire = (id: string) => unknown;

/** Runs a compiled module as Node runs a CommonJS file, and returns its exports. */
function evaluate(script: vm.Script, path: string, requireModule: ModuleRequire = createRequire(path)): unknown {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireModule, module, path, dirname(path));
  return module.exports;
}

/** The V8 data of the cache beside `path` when it was made from `source`; undefined otherwise or when there is none. */
function cachedDataFor(path: string, source: Buffer): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(`${path}${CACHE_SUFFIX}`);
  } catch {
    return undefined;
  }
  if (cache.length < HEADER_BYTES) return undefined;
  const data = cache.subarray(HEADER_BYTES);
  return cache.subarray(0, HEADER_BYTES).equals(header(source, data)) ? data : undefined;
}

/** A loaded module and whether V8 took its code cache. */
export interface LoadedModule {
  readonly exports: unknown;
  /** False when there was no cache, it was made from other source, or V8 rejected it (another V8 version or flags). */
  readonly cacheUsed: boolean;
}

/**
 * Loads the CommonJS module at `path` (absolute) with the code cache written
 * beside it by `writeCodeCache`, when it fits. `requireModule` is the module's
 * `require` (by default Node's, resolving from the module's folder).
 */
export function loadWithCodeCache(path: string, requireModule?: ModuleRequire): LoadedModule {
  const source = readFileSync(path);
  const cachedData = cachedDataFor(path, source);
  const script = compile(path, source, cachedData);
  const exports = evaluate(script, path, requireModule);
  (globalThis as Recording)[RECORDED]?.set(path, { source, script, exports });
  return { exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

export function loadCachedModule(path: string, requireModule?: ModuleRequire): unknown {
  return loadWithCodeCache(path, requireModule).exports;
}

/**
 * Writes the code cache of the CommonJS module at `path` (absolute), at build
 * time. `exercise` is given the module's exports and should run them as a
 * typical run does: functions V8 compiled by then go into the cache too.
 */
export function writeCodeCache<T>(path: string, exercise: (exports: T) => void = () => undefined): void {
  const compiled = compileToCache(path);
  exercise(compiled.exports as T);
  saveCodeCache(path, compiled);
}

/** `writeCodeCache` with an exercise that runs asynchronously (the CLI's commands). */
export async function writeCodeCacheAfter<T>(path: string, exercise: (exports: T) => Promise<void>): Promise<void> {
  const compiled = compileToCache(path);
  await exercise(compiled.exports as T);
  saveCodeCache(path, compiled);
}

interface CompiledModule {
  readonly source: Buffer;
  readonly script: vm.Script;
  readonly exports: unknown;
}

/**
 * Where `loadWithCodeCache` records the modules it loads while the build
 * exercises the CLI (`rewriteCodeCachesAfter`). A global, under a registered
 * symbol, so that every copy of this module in the process records there: the
 * bundled CLI has its own.
 */
const RECORDED = Symbol.for('mountpoint-s3-spark:code-cache:recorded');
type Recording = { [RECORDED]?: Map<string, CompiledModule> };

/**
 * Runs `exercise` (at build time), then writes again the code cache of every
 * module loaded by `loadWithCodeCache` meanwhile, in this thread: the caches
 * then also hold the functions the exercise compiled. A validator's cache made
 * by `writeCodeCache` holds the functions that validating `{}` compiles; those
 * that check a real object's fields would otherwise be compiled from source in
 * every run that checks one. Returns the paths whose caches were written.
 */
export async function rewriteCodeCachesAfter(exercise: () => Promise<void>): Promise<string[]> {
  const recording = globalThis as Recording;
  if (recording[RECORDED]) throw new Error('code caches are already being recorded');
  const recorded = new Map<string, CompiledModule>();
  recording[RECORDED] = recorded;
  try {
    await exercise();
  } finally {
    delete recording[RECORDED];
  }
  for (const [path, compiled] of recorded) saveCodeCache(path, compiled);
  return [...recorded.keys()];
}

function compileToCache(path: string): CompiledModule {
  const source = readFileSync(path);
  const script = compile(path, source);
  return { source, script, exports: evaluate(script, path) };
}

function saveCodeCache(path: string, { source, script }: CompiledModule): void {
  const cachePath = `${path}${CACHE_SUFFIX}`;
  const data = script.createCachedData();
  writeFileSync(`${cachePath}.tmp`, Buffer.concat([header(source, data), data]));
  renameSync(`${cachePath}.tmp`, cachePath);
}
