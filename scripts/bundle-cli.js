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
const { join, sep } = require('node:path');
const esbuild = require('esbuild');
const { ROOT } = require('./build-cache');
const { rewriteCodeCachesAfter, writeCodeCacheAfter } = require('../build/lib/code-cache.js');
const { groupExportAssignments } = require('./export-assignments');
const { lazyBuiltins } = require('./lazy-builtins');

const BUNDLE = join(ROOT, 'build', 'cli.js');

/**
 * The generated CRD classes (ours in build/imports/, cdk8s-plus' Kubernetes
 * ones) export a thousand names each, one statement per name: bundled with
 * those statements grouped (scripts/export-assignments.js). Grouping the
 * other modules' few exports as well measured the same.
 */
const groupedExports = {
  name: 'grouped-exports',
  setup(build) {
    build.onLoad({ filter: /[\\/]imports[\\/][^\\/]+\.js$/ }, ({ path }) => ({
      contents: groupExportAssignments(readFileSync(path, 'utf8'), path),
      loader: 'js',
    }));
  },
};

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
  const { warnings } = await esbuild.build({
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
    plugins: [groupedExports, sharedYaml, lazyBuiltins],
  });
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
