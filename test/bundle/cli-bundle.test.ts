import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, runCli, tempDir } from '../helpers';

/**
 * The CLI as shipped: bin/ runs build/cli.js, one bundle of the compiled CLI
 * (scripts/bundle-cli.js), with its V8 code cache; and each command loads
 * only the code it uses. The bundle keeps the requires of build/lib lazy
 * (esbuild runs a bundled module when it is first required), so what a
 * command loads is observed on build/lib/cli/main.js, the bundle's entry.
 */
const RECORD_HOOK = join(ROOT, 'test', 'fixtures', 'record-loaded-modules.js');
const CODE_CACHE_HOOK = join(ROOT, 'test', 'fixtures', 'record-code-caches.js');
const BUILTINS_HOOK = join(ROOT, 'test', 'fixtures', 'record-builtin-modules.js');
const BIN = join(ROOT, 'bin', 'mountpoint-s3-spark.js');

/** Node's built-in modules a run of the CLI loaded (`child_process`, `internal/streams/readable`, …). */
function loadedBuiltins(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const record = join(tempDir(), 'builtins.txt');
  const result = spawnSync(process.execPath, ['--require', BUILTINS_HOOK, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, BUILTIN_MODULES_FILE: record },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return readFileSync(record, 'utf8').split('\n');
}

/** The scripts a run of the CLI compiled with a code cache offered, and whether V8 took each. */
function offeredCodeCaches(args: string[], env: NodeJS.ProcessEnv = {}): { thread: string; file: string; taken: boolean }[] {
  const record = join(tempDir(), 'caches.txt');
  const result = spawnSync(process.execPath, ['--require', CODE_CACHE_HOOK, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, CODE_CACHES_FILE: record },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return readFileSync(record, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { thread: string; file: string; taken: boolean });
}

/** The module files a process loaded, relative to the repository (`node_modules/cdk8s/lib/index.js`). */
function loadedModules(entry: string, args: string[]): string[] {
  const record = join(tempDir(), 'loaded.txt');
  const result = spawnSync(process.execPath, ['--require', RECORD_HOOK, entry, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOADED_MODULES_FILE: record },
  });
  if (result.status !== 0) throw new Error(`${entry} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return readFileSync(record, 'utf8')
    .split('\n')
    .map((file) => relative(ROOT, file));
}

/** The loaded modules that belong to a package or a folder of ours. */
function from(modules: readonly string[], ...places: string[]): string[] {
  return modules.filter((file) => places.some((place) => file.startsWith(place.endsWith('.js') ? place : `${place}/`)));
}

const CLI_ENTRY = join(ROOT, 'build', 'lib', 'cli', 'main.js');
/** cdk8s and what is built on it: charts, constructs (shared and each approach's), CRD classes. */
const CDK8S = [
  'node_modules/cdk8s',
  'node_modules/cdk8s-plus-28',
  'node_modules/constructs',
  'build/charts',
  'build/imports',
  'build/lib/constructs',
  ...readdirSync(join(ROOT, 'lib', 'approaches'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name }) => [`build/lib/approaches/${name}/chart.js`, `build/lib/approaches/${name}/constructs`]),
];
const CHECK_CODE = ['build/lib/check', 'node_modules/@marcbachmann/cel-js'];

function synthArgs(...extra: string[]): string[] {
  return ['synth', '--out', join(tempDir(), 'dist'), '--quiet', ...extra];
}

describe('the bundled CLI', () => {
  test('bin/ requires only the code-cache loader: the rest, the runtime of the generated validators included, is in build/cli.js', () => {
    expect.hasAssertions();
    const modules = loadedModules(join(ROOT, 'bin', 'mountpoint-s3-spark.js'), ['synth', '--out', join(tempDir(), 'dist')]);
    expect(modules).toEqual(['test/fixtures/record-loaded-modules.js', 'bin/mountpoint-s3-spark.js', 'build/lib/code-cache.js']);
  });

  test("this Node takes the bundle's code cache", () => {
    expect.hasAssertions();
    const script = `const { exports, cacheUsed } = require('./build/lib/code-cache.js').loadWithCodeCache(require('node:path').resolve('build/cli.js'));
process.stdout.write(JSON.stringify({ run: typeof exports.run, cacheUsed }));`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(result.stdout)).toEqual({ run: 'function', cacheUsed: true });
  });
});

describe('the packages in the bundle', () => {
  test("cdk8s' own copy of the yaml package is bundled once with ours when it is the same package", () => {
    expect.hasAssertions();
    const packageOf = (main: string) => readFileSync(join(main, '..', '..', 'package.json'), 'utf8');
    const ours = require.resolve('yaml');
    const theirs = require.resolve('yaml', { paths: [require.resolve('cdk8s')] });
    const copies = ours !== theirs && packageOf(ours) !== packageOf(theirs) ? 2 : 1;
    // A message of the yaml package's parser, as many times as its code holds it.
    const message = 'Unresolved alias (the anchor must be set before the alias)';
    const count = (text: string) => text.split(message).length - 1;
    const inPackage = readdirSync(join(ours, '..'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .reduce((sum, file) => sum + count(readFileSync(join(ours, '..', file), 'utf8')), 0);
    expect(inPackage).toBeGreaterThan(0);
    expect(count(readFileSync(join(ROOT, 'build', 'cli.js'), 'utf8'))).toBe(copies * inPackage);
  });
});

describe("cdk8s-plus' Kubernetes classes in the bundle", () => {
  test('are those the CLI names, not all 141 of them', () => {
    expect.hasAssertions();
    // Each class carries its jsii type name, `cdk8s-plus-28.k8s.<class>`.
    const classes = (text: string) => [...new Set(text.match(/cdk8s-plus-28\.k8s\.Kube\w+/g))].sort();
    const all = classes(readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s'), 'utf8'));
    const bundled = classes(readFileSync(join(ROOT, 'build', 'cli.js'), 'utf8'));
    expect(all.length).toBeGreaterThan(100);
    expect(bundled).toEqual(expect.arrayContaining(['cdk8s-plus-28.k8s.KubeDaemonSet', 'cdk8s-plus-28.k8s.KubeNamespace']));
    expect(bundled.length).toBeLessThan(20);
  });

  test('convert their objects as our generated classes do: no copy per key, no spread of their kind (scripts/linear-imports.js)', () => {
    expect.hasAssertions();
    const bundle = readFileSync(join(ROOT, 'build', 'cli.js'), 'utf8');
    // Minified: `{...e.GVK,...t}`, and `reduce((r,i)=>i[1]===void 0?r:{...r,[i[0]]:i[1]},{})` with other names.
    expect(bundle).toContain('.GVK');
    expect(bundle).not.toMatch(/\{\.\.\.[\w$]+\.GVK,/);
    expect(bundle).not.toMatch(/reduce\(\(([\w$]+),([\w$]+)\)=>\2\[1\]===void 0\?\1:\{\.\.\.\1,/);
  });
});

describe('code caches', () => {
  test('a default synth takes every code cache it offers V8: the bundle, the config validator and the validators its check loads', () => {
    expect.hasAssertions();
    const offered = offeredCodeCaches(synthArgs());
    const files = offered.map(({ file }) => relative(ROOT, file));
    expect(files).toEqual(expect.arrayContaining(['build/cli.js', 'build/config-validator/config.js']));
    expect(from(files, 'build/schemas/validators').length).toBeGreaterThan(1);
    expect(offered.filter(({ taken }) => !taken)).toEqual([]);
  });
});

describe("Node's built-in modules", () => {
  test('a default synth loads neither child_process, worker_threads nor v8: modules of the bundle require them, but it spawns nothing and packages in its own thread', () => {
    expect.hasAssertions();
    const builtins = loadedBuiltins(synthArgs());
    expect(builtins).toContain('zlib');
    expect(builtins.filter((name) => ['child_process', 'worker_threads', 'v8'].includes(name))).toEqual([]);
  });

  test('synth loads worker_threads when it packages in a worker thread', () => {
    expect.hasAssertions();
    const builtins = loadedBuiltins(synthArgs(), { MOUNTPOINT_S3_SPARK_PACKAGE_WORKER: 'always' });
    expect(builtins).toContain('worker_threads');
  });
});

describe("synth's worker thread", () => {
  test('runs the bundle, as the main thread does, and takes its code cache', () => {
    expect.hasAssertions();
    const loaded = offeredCodeCaches(synthArgs(), { MOUNTPOINT_S3_SPARK_PACKAGE_WORKER: 'always' });
    const bundle = join(ROOT, 'build', 'cli.js');
    expect(loaded.filter((script) => script.file === bundle)).toEqual([
      { thread: 'main', file: bundle, taken: true },
      { thread: 'worker', file: bundle, taken: true },
    ]);
  });
});

describe('what each command loads', () => {
  test('check loads no cdk8s, constructs or charts, and no Helm packager', () => {
    expect.hasAssertions();
    const dir = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', dir, '--quiet']).status).toBe(0);
    const modules = loadedModules(CLI_ENTRY, ['check', join(dir, 'manifests'), '--quiet']);
    expect(from(modules, 'build/lib/check/check-resources.js')).toHaveLength(1);
    expect(from(modules, ...CDK8S, 'build/lib/helm', 'node_modules/tar')).toEqual([]);
  });

  test('validate loads no cdk8s and no check code', () => {
    expect.hasAssertions();
    const modules = loadedModules(CLI_ENTRY, ['validate']);
    expect(from(modules, 'build/lib/config/load.js')).toHaveLength(1);
    expect(from(modules, ...CDK8S, ...CHECK_CODE, 'node_modules/tar')).toEqual([]);
  });

  test('synth --no-check loads no check code', () => {
    expect.hasAssertions();
    const modules = loadedModules(CLI_ENTRY, synthArgs('--no-check'));
    expect(from(modules, 'build/lib/helm/package.js', 'node_modules/cdk8s/lib/index.js')).toHaveLength(2);
    expect(from(modules, ...CHECK_CODE)).toEqual([]);
  });

  test('synth loads the diff library only to compare with --check', () => {
    expect.hasAssertions();
    const dir = tempDir();
    const written = loadedModules(CLI_ENTRY, ['synth', '--out', dir, '--quiet']);
    const compared = loadedModules(CLI_ENTRY, ['synth', '--out', dir, '--quiet', '--check']);
    expect(from(written, 'node_modules/diff')).toEqual([]);
    expect(from(compared, 'node_modules/diff')).not.toEqual([]);
  });

  test('synth loads the CEL engine only for objects whose CRDs carry CEL rules (Karpenter node pools)', () => {
    expect.hasAssertions();
    const withoutPools = loadedModules(CLI_ENTRY, synthArgs('--config', join(ROOT, 'examples', 'node-daemonset.yaml')));
    const withPools = loadedModules(CLI_ENTRY, synthArgs('--config', join(ROOT, 'examples', 'node-userdata.yaml')));
    expect(from(withoutPools, 'node_modules/@marcbachmann/cel-js')).toEqual([]);
    expect(from(withPools, 'node_modules/@marcbachmann/cel-js')).not.toEqual([]);
  });
});
