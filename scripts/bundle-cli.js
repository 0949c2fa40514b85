#!/usr/bin/env node
// Part of `npm run build`, after tsc and the validators: bundles the compiled
// CLI (build/lib/cli/main.js) and everything it requires into one minified
// file, build/cli.js, which bin/mountpoint-s3-spark.js loads with the V8 code
// cache written beside it. Resolving and reading some 300 module files and
// compiling them cost most of a default synth; one file with its cache costs a
// deserialisation. The library (build/lib) stays unbundled.
//
// Each module of the bundle still runs only when first required (esbuild keeps
// CommonJS requires lazy), so commands load what they use. Data files (examples,
// schemas, build/schemas) are read at run time from the package root, found from
// build/, as from build/lib.
//
// The cache is written after the bundle has run the commands on the default
// config: what V8 compiled for them is in it, so a run compiles almost nothing.
// So are the caches of the validators those commands loaded.
'use strict';
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, resolve, sep } = require('node:path');
const esbuild = require('esbuild');
const { ROOT } = require('./build-cache');
const { rewriteCodeCachesAfter, writeCodeCacheAfter } = require('../build/lib/code-cache.js');
const { groupExportAssignments } = require('./export-assignments');
const { lazyBuiltins } = require('./lazy-builtins');
const { linearize } = require('./linear-imports');
const { exportedSubclasses, pruneUnusedExports } = require('./prune-exports');

const BUNDLE = join(ROOT, 'build', 'cli.js');

/** cdk8s-plus' classes of the Kubernetes API types, of which the CLI uses a few (scripts/prune-exports.js). */
const PRUNED = /[\\/]node_modules[\\/]cdk8s-plus-28[\\/]lib[\\/]imports[\\/]k8s\.js$/;
/** Our generated CRD classes (build/imports/): each API object class is a module of its own in the bundle, loaded when first used. */
const CRD_CLASSES = /[\\/]build[\\/]imports[\\/][^\\/]+\.js$/;
/** The module of one CRD class: `crd-class:<file>#<class>`. */
const CRD_CLASS_MODULE = 'crd-class';

/**
 * The generated classes' module as bundled, given `mentioned` (the words of
 * every other bundled file): cdk8s-plus' classes keep only what the rest of
 * the bundle can reach (scripts/prune-exports.js), their conversions made
 * linear as ours are. A module of ours keeps
 * what the rest reaches but its API object classes: each, with what it needs,
 * is a module of its own (`crd-class:`), which the export loads when first read.
 * A default synth makes SparkApplications, never a ScheduledSparkApplication
 * or a Karpenter node pool: their 450 or so conversion functions then cost
 * nothing.
 */
function reachedText(path, mentioned) {
  const text = readFileSync(path, 'utf8');
  if (!mentioned) return text;
  // Their conversions as our generated classes have them (scripts/linear-imports.js): same JSON, less garbage.
  if (PRUNED.test(path))
    return linearize(
      pruneUnusedExports(text, (name) => mentioned.has(name), path),
      'js',
    );
  if (!CRD_CLASSES.test(path)) return text;
  const classes = exportedSubclasses(text, path);
  const rest = pruneUnusedExports(text, (name) => mentioned.has(name) && !classes.includes(name), path);
  const loaders = classes.map((name) => {
    const module = JSON.stringify(`${CRD_CLASS_MODULE}:${path}#${name}`);
    return `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: () => require(${module}).${name} });`;
  });
  return `${rest}\n${loaders.join('\n')}\n`;
}

/**
 * The generated CRD classes (ours in build/imports/, cdk8s-plus' Kubernetes
 * ones) export a thousand names each, one statement per name: bundled with
 * those statements grouped (scripts/export-assignments.js). Grouping the
 * other modules' few exports as well measured the same. Given `mentioned`,
 * they keep only what the bundle can reach (`reachedText`).
 */
function groupedExports(mentioned) {
  return {
    name: 'grouped-exports',
    setup(build) {
      build.onLoad({ filter: /[\\/]imports[\\/][^\\/]+\.js$/ }, ({ path }) => ({
        contents: groupExportAssignments(reachedText(path, mentioned), path),
        loader: 'js',
      }));
      build.onResolve({ filter: new RegExp(`^${CRD_CLASS_MODULE}:`) }, ({ path }) => ({
        path: path.slice(CRD_CLASS_MODULE.length + 1),
        namespace: CRD_CLASS_MODULE,
      }));
      build.onLoad({ filter: /.*/, namespace: CRD_CLASS_MODULE }, ({ path: module }) => {
        const [path, name] = module.split('#');
        const text = pruneUnusedExports(readFileSync(path, 'utf8'), (exported) => exported === name, path);
        return { contents: groupExportAssignments(text, path), loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

/** Every word (identifier-like) of the files a bundle is made of, but the generated classes' modules. */
function wordsOf(metafile) {
  const words = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes(':') || PRUNED.test(resolve(input)) || CRD_CLASSES.test(resolve(input))) continue; // virtual modules (lazy-builtin:…)
    for (const [word] of readFileSync(resolve(input), 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) words.add(word);
  }
  return words;
}

/**
 * cdk8s ships its own copy of the `yaml` package (bundled dependencies). When
 * that copy is the very package ours is (same package.json: same version,
 * published once), cdk8s is bundled with ours: one copy to load and cache.
 */
const sharedYaml = {
  name: 'shared-yaml',
  setup(build) {
    const ours = require.resolve('yaml', { paths: [ROOT] });
    const theirs = require.resolve('yaml', { paths: [require.resolve('cdk8s', { paths: [ROOT] })] });
    const manifest = (main) => readFileSync(join(main, '..', '..', 'package.json'), 'utf8');
    if (ours === theirs || manifest(ours) !== manifest(theirs)) return;
    const cdk8s = join(theirs, '..', '..', '..', '..', sep);
    build.onResolve({ filter: /^yaml$/ }, ({ importer }) => (importer.startsWith(cdk8s) ? { path: ours } : undefined));
  },
};

/** The commands a typical run uses, on the default config, with nothing printed. */
async function exerciseCommands({ run }) {
  const work = mkdtempSync(join(tmpdir(), 'mps-bundle-'));
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    const out = join(work, 'dist');
    const runs = [
      ['synth', '--out', out, '--quiet'],
      ['synth', '--out', out, '--check', '--quiet'],
      ['check', join(out, 'manifests'), '--quiet'],
      ['validate'],
    ];
    for (const argv of runs) {
      const code = await run(argv);
      if (code !== 0) throw new Error(`the bundled CLI exited ${code} on ${argv.join(' ')}`);
    }
  } finally {
    process.stdout.write = write;
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const options = {
    entryPoints: [join(ROOT, 'build', 'lib', 'cli', 'main.js')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    // No keepNames: it restores every function's and class's name at run time (one defineProperty each, some
    // 4,000, most in the generated CRD classes) and makes the code cache a tenth larger. Nothing the CLI prints
    // reads such a name: commander and the config/check errors print their messages, not their class names.
    logLevel: 'warning',
  };
  // A first pass finds the files of the bundle, whose words tell what of cdk8s-plus' classes is used.
  const { metafile } = await esbuild.build({
    ...options,
    write: false,
    metafile: true,
    plugins: [groupedExports(), sharedYaml, lazyBuiltins],
  });
  const { warnings } = await esbuild.build({ ...options, plugins: [groupedExports(wordsOf(metafile)), sharedYaml, lazyBuiltins] });
  // Such as `import.meta` in a bundled ES module (empty in CommonJS): it would fail at run time, far from here.
  // (A computed require is not a warning: the commands run below and the CLI tests catch one.)
  if (warnings.length) throw new Error(`esbuild warned ${warnings.length} time(s) bundling the CLI (above): fix the source`);
  // The validators the commands load (the config's, and the Kubernetes kinds of the default version that `check`
  // meets) get their caches written again after the commands too: with the functions that checking real objects
  // compiled, not only those validating `{}` compiled (scripts/build-schemas.js).
  await writeCodeCacheAfter(BUNDLE, (cli) => rewriteCodeCachesAfter(() => exerciseCommands(cli)));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
