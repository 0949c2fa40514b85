#!/usr/bin/env node
// Part of `npm run import` (scripts/import-crds.sh): cdk8s import writes every
// map conversion as `Object.entries(x).reduce((r, i) => ({ ...r, [i[0]]: … }), {})`,
// which copies the whole object once per key (quadratic: 25,000 sparkConf
// entries took minutes). This rewrites each into `definedValues(x, (value) => …)`,
// a loop over the keys with the same result, added once to the file: no pair
// array per entry either, as Object.fromEntries(Object.entries(x)…) would make
// (100,000 sparkConf entries go through it in every synthesis of the app).
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const QUADRATIC =
  /Object\.entries\(([^()]*(?:\([^()]*\))?[^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;

/** After the generated file's imports. */
const HELPER_PLACE = /^import .*\n(?!import )/m;

const HELPER = `
/**
 * \`map\` without its undefined values, each other value converted: what the
 * map conversions below return (written by scripts/linear-imports.js).
 */
function definedValues(map: { [key: string]: any }, convert: (value: any) => any): { [key: string]: any } {
  const result: { [key: string]: any } = {};
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    // An own property, as Object.fromEntries makes it: assigning __proto__ would set the prototype.
    if (key === '__proto__') Object.defineProperty(result, key, { value: convert(value), writable: true, enumerable: true, configurable: true });
    else result[key] = convert(value);
  }
  return result;
}
`;

/** The import file's text with every quadratic map conversion made linear. */
function linearize(text) {
  let rewritten = false;
  const linear = text.replace(QUADRATIC, (_, entries, value) => {
    if (value.includes('i[0]')) throw new Error(`a map conversion whose value depends on its key: ${value}`);
    rewritten = true;
    return `definedValues(${entries}, (value) => ${value.replace(/i\[1\]/g, 'value')})`;
  });
  return rewritten ? linear.replace(HELPER_PLACE, (imports) => `${imports}${HELPER}`) : linear;
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, '..', 'imports');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const path = join(dir, file);
    writeFileSync(path, linearize(readFileSync(path, 'utf8')));
  }
}

module.exports = { linearize };
