// Build steps that take seconds (compiling schemas to code) run again only
// when their inputs change: a digest of the inputs is kept beside the output
// as `.inputs-sha256`.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/**
 * Runs `build` into `outDir` unless `files` (paths relative to the package
 * root; this helper is added to them) and `values` are what the last build
 * used. With `clean`, `outDir` is emptied first.
 */
function buildWhenInputsChange({ outDir, files, values = [], clean = false }, build) {
  const hash = createHash('sha256');
  for (const value of values) hash.update(value);
  for (const file of [...files, 'scripts/build-cache.js']) hash.update(readFileSync(join(ROOT, file)));
  const digest = hash.digest('hex');
  const stamp = join(outDir, '.inputs-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  if (clean) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  build();
  writeFileSync(stamp, digest);
}

module.exports = { buildWhenInputsChange, ROOT };
