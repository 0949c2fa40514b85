#!/usr/bin/env node
// Part of `npm run import` (scripts/import-crds.sh), and of the CLI bundle for
// cdk8s-plus' Kubernetes classes (scripts/bundle-cli.js): generated classes
// convert objects in ways that cost more than the objects themselves.
// - cdk8s import writes every map conversion, and every "filter undefined
//   values" of a converted object, as `Object.entries(x).reduce((r, i) =>
//   ({ ...r, [i[0]]: … }), {})`, which copies the whole object once per key
//   (quadratic: 25,000 sparkConf entries took minutes). Each becomes
//   `definedValues(x, (value) => …)`, a loop over the keys with the same result:
//   no pair array per entry either, as Object.fromEntries(Object.entries(x)…)
//   would make (100,000 sparkConf entries go through it in every synthesis).
// - An API object class puts its group, version and kind before its props and
//   its JSON as `{ ...X.GVK, ...rest }`. Node 20's V8 gives each object that a
//   spread followed by more members makes a hidden class of its own (about 200
//   bytes, allocated where full collections reclaim it), and makes every later
//   walk over such objects look up their keys afresh. Each becomes
//   `spreadMembers(X.GVK, rest)`: the same members in the same order, by
//   assignment into `{}`, so objects of one kind share one hidden class.
// Both helpers are added once to the file that needs them.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const QUADRATIC =
  /Object\.entries\(([^()]*(?:\([^()]*\))?[^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;

/** `{ ...X.GVK, ...props }` (constructors) and `{ ...X.GVK, ...toJson_XProps(resolved) }` (toJson, manifest). */
const GVK_SPREAD = /\{\s*\.\.\.(\w+)\.GVK,\s*\.\.\.((?:toJson_\w+\(\w+\))|\w+),?\s*\}/g;

/** Where helpers go: after a TypeScript file's imports, after a CommonJS file's "use strict". */
const HELPER_PLACE = { ts: /^import .*\n(?!import )/m, js: /^"use strict";\n/m };

/** The helpers' source, with TypeScript's annotations or without. */
function helpers(language) {
  const typed = (annotation) => (language === 'ts' ? annotation : '');
  const map = typed(': { [key: string]: any }');
  return {
    definedValues: `
/**
 * \`map\` without its undefined values, each other value converted: what the
 * map conversions below return (written by scripts/linear-imports.js).
 */
function definedValues(map${map}, convert${typed(': (value: any) => any')})${map} {
  const result${map} = {};
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    // An own property, as Object.fromEntries makes it: assigning __proto__ would set the prototype.
    if (key === '__proto__') Object.defineProperty(result, key, { value: convert(value), writable: true, enumerable: true, configurable: true });
    else result[key] = convert(value);
  }
  return result;
}
`,
    spreadMembers: `
/**
 * \`{ ...first, ...second }\`, made by assignment: objects made alike share a
 * hidden class, which a spread followed by more members does not give them in
 * Node 20 (written by scripts/linear-imports.js).
 */
function spreadMembers(first${typed(': any')}, second${typed(': any')})${typed(': any')} {
  const result${typed(': any')} = {};
  for (let i = 0; i < 2; i++) {
    const part = i === 0 ? first : second;
    if (part == null) continue;
    for (const key of Object.keys(part)) {
      // An own property, as a spread makes it: assigning __proto__ would set the prototype.
      if (key === '__proto__') Object.defineProperty(result, key, { value: part[key], writable: true, enumerable: true, configurable: true });
      else result[key] = part[key];
    }
    for (const symbol of Object.getOwnPropertySymbols(part)) {
      if (Object.prototype.propertyIsEnumerable.call(part, symbol)) result[symbol] = part[symbol];
    }
  }
  return result;
}
`,
  };
}

/** The generated file's text (`language` 'ts' or 'js') with every conversion rewritten, and the helpers it now calls. */
function linearize(text, language = 'ts') {
  const used = new Set();
  const linear = text
    .replace(QUADRATIC, (_, entries, value) => {
      if (value.includes('i[0]')) throw new Error(`a map conversion whose value depends on its key: ${value}`);
      used.add('definedValues');
      return `definedValues(${entries}, (value) => ${value.replace(/i\[1\]/g, 'value')})`;
    })
    .replace(GVK_SPREAD, (_, kind, rest) => {
      used.add('spreadMembers');
      return `spreadMembers(${kind}.GVK, ${rest})`;
    });
  const sources = helpers(language);
  const missing = [...used].filter((name) => !linear.includes(`function ${name}(`)).map((name) => sources[name]);
  if (missing.length === 0) return linear;
  if (!HELPER_PLACE[language].test(linear)) throw new Error(`no place for the helpers in a ${language} file`);
  return linear.replace(HELPER_PLACE[language], (head) => `${head}${missing.join('')}`);
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, '..', 'imports');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const path = join(dir, file);
    writeFileSync(path, linearize(readFileSync(path, 'utf8')));
  }
}

module.exports = { linearize };
