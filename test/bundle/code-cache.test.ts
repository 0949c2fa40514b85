import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ROOT, tempDir } from '../helpers';

/**
 * lib/code-cache.ts as built (build/lib/code-cache.js). Each load runs in a
 * fresh Node process, as the CLI does: within one process V8 reuses what it
 * compiled before and would never look at the cache.
 */
const CODE_CACHE = join(ROOT, 'build', 'lib', 'code-cache.js');

/** Our header: the source's length and CRC-32 (its fingerprint), then the CRC-32 of the V8 data. */
const HEADER_BYTES = 12;
/** V8's cached data starts after our header; its own header holds the V8 version hash at bytes 4–7. */
const V8_VERSION_HASH_BYTE = HEADER_BYTES + 4;

/** A cache whose V8 data was changed by `change`, with a CRC-32 that matches the changed data. */
function changedCache(path: string, change: (cache: Buffer) => void): Buffer {
  const cache = readFileSync(`${path}.v8cache`);
  change(cache);
  cache.writeUInt32BE(crc32(cache.subarray(HEADER_BYTES)), HEADER_BYTES - 4);
  return cache;
}

function moduleSource(answer: string): string {
  return `exports.answer = function () { return '${answer}'; };\n`;
}

function writeModule(dir: string, answer: string): string {
  const path = join(dir, 'generated.js');
  writeFileSync(path, moduleSource(answer));
  return path;
}

/** Writes the module's cache, after running `exercise` on its exports (by default, asking its answer). */
function writeCache(path: string, exercise = '(m) => m.answer()'): void {
  const result = spawnSync(process.execPath, [
    '-e',
    `require(${JSON.stringify(CODE_CACHE)}).writeCodeCache(process.argv[1], ${exercise})`,
    path,
  ]);
  if (result.status !== 0) throw new Error(`writeCodeCache failed: ${result.stderr}`);
}

/** What the module answers when loaded in a fresh process, and whether V8 took the cache. */
function loadInFreshProcess(path: string): { answer: string; cacheUsed: boolean } {
  const script = `const { exports, cacheUsed } = require(${JSON.stringify(CODE_CACHE)}).loadWithCodeCache(process.argv[1]);
process.stdout.write(JSON.stringify({ answer: exports.answer(), cacheUsed }));`;
  const result = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`loading ${path} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { answer: string; cacheUsed: boolean };
}

describe('V8 code cache of a generated module', () => {
  test('a module loads with the cache written for it', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeCache(path);
    expect(loadInFreshProcess(path)).toEqual({ answer: 'first', cacheUsed: true });
  });

  test('a module rebuilt without its cache runs its own code, though V8 would take the old cache of same-length source', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeCache(path);
    writeModule(join(path, '..'), 'other');
    expect(moduleSource('other')).toHaveLength(moduleSource('first').length);
    expect(loadInFreshProcess(path)).toEqual({ answer: 'other', cacheUsed: false });
  });

  test('a cache from another V8 version is rejected by V8 and the module is compiled from its source', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeCache(path);
    writeFileSync(
      `${path}.v8cache`,
      changedCache(path, (cache) => (cache[V8_VERSION_HASH_BYTE] ^= 0xff)),
    );
    expect(loadInFreshProcess(path)).toEqual({ answer: 'first', cacheUsed: false });
  });

  test('a cache whose code was damaged on disk is ignored: V8 would crash on it', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeCache(path);
    const cache = readFileSync(`${path}.v8cache`);
    for (let i = HEADER_BYTES + 64; i < cache.length; i += 16) cache[i] ^= 0xff;
    writeFileSync(`${path}.v8cache`, cache);
    expect(loadInFreshProcess(path)).toEqual({ answer: 'first', cacheUsed: false });
  });

  test('a cache file shorter than its fingerprint is ignored', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeFileSync(`${path}.v8cache`, 'short');
    expect(loadInFreshProcess(path)).toEqual({ answer: 'first', cacheUsed: false });
  });

  test("a module's require is the one the loader gives, when it gives one", () => {
    expect.hasAssertions();
    const path = join(tempDir(), 'requiring.js');
    writeFileSync(path, "exports.answer = require('ajv/dist/runtime/equal').served;\n");
    const script = `const served = (id) => ({ served: 'by the loader: ' + id });
const { exports } = require(${JSON.stringify(CODE_CACHE)}).loadWithCodeCache(process.argv[1], served);
process.stdout.write(exports.answer);`;
    const result = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
    expect(result.stdout).toBe('by the loader: ajv/dist/runtime/equal');
  });

  test('a module loaded while the build records has its cache written again, with the functions its run compiled, and taken', () => {
    expect.hasAssertions();
    const path = join(tempDir(), 'nested.js');
    writeFileSync(
      path,
      "exports.answer = function () { return inner('nested'); };\nfunction inner(text) { return text.split('').reverse().join(''); }\n",
    );
    writeCache(path, '() => undefined');
    const before = statSync(`${path}.v8cache`).size;
    const script = `const cache = require(${JSON.stringify(CODE_CACHE)});
cache.rewriteCodeCachesAfter(async () => cache.loadWithCodeCache(process.argv[1]).exports.answer())
  .then((paths) => process.stdout.write(JSON.stringify(paths)));`;
    const result = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
    expect(JSON.parse(result.stdout)).toEqual([path]);
    expect(statSync(`${path}.v8cache`).size).toBeGreaterThan(before);
    expect(loadInFreshProcess(path)).toEqual({ answer: 'detsen', cacheUsed: true });
  });

  test('a module loaded before the recording keeps its cache', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    writeCache(path);
    const before = readFileSync(`${path}.v8cache`);
    const script = `const cache = require(${JSON.stringify(CODE_CACHE)});
const loaded = cache.loadWithCodeCache(process.argv[1]).exports;
cache.rewriteCodeCachesAfter(async () => loaded.answer()).then((paths) => process.stdout.write(JSON.stringify(paths)));`;
    const result = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(readFileSync(`${path}.v8cache`).equals(before)).toBe(true);
  });

  test('a module without a cache loads from its source', () => {
    expect.hasAssertions();
    const path = writeModule(tempDir(), 'first');
    expect(loadInFreshProcess(path)).toEqual({ answer: 'first', cacheUsed: false });
  });
});
