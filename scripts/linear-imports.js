#!/usr/bin/env node
// Part of `npm run import` (scripts/import-crds.sh): cdk8s import writes every
// map conversion as `Object.entries(x).reduce((r, i) => ({ ...r, [i[0]]: … }), {})`,
// which copies the whole object once per key (quadratic: 25,000 sparkConf
// entries took minutes). This rewrites each into the linear
// `Object.fromEntries(Object.entries(x).filter(…).map(…))` with the same result.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const QUADRATIC =
  /Object\.entries\(([^()]*(?:\([^()]*\))?[^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;

/** The import file's text with every quadratic map conversion made linear. */
function linearize(text) {
  return text.replace(
    QUADRATIC,
    (_, entries, value) => `Object.fromEntries(Object.entries(${entries}).filter((i) => i[1] !== undefined).map((i) => [i[0], ${value}]))`,
  );
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, '..', 'imports');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const path = join(dir, file);
    writeFileSync(path, linearize(readFileSync(path, 'utf8')));
  }
}

module.exports = { linearize };
