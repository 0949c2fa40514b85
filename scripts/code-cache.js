// V8's code cache of a generated validator module, written beside it as
// `<module>.v8cache` and read by lib/validator-modules.ts, so that
// loading a large module at run time costs a deserialisation instead of a
// parse. Produced after calling each exported validator once on `sample`, so
// the cache holds their compiled code too.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

function writeCodeCache(path, sample = () => ({})) {
  const script = new vm.Script(Module.wrap(readFileSync(path, 'utf8')), { filename: path });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(path), module, path, dirname(path));
  for (const validate of Object.values(module.exports)) validate(sample());
  writeFileSync(`${path}.v8cache`, script.createCachedData());
}

module.exports = { writeCodeCache };
