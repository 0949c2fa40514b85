// Used by scripts/bundle-cli.js: Node built-in modules that a default run
// never uses, but that modules of the bundle require when they load (commander
// and cdk8s require child_process, the package step worker_threads and v8).
// Loading child_process alone loads net, dgram, stream and a dozen more of
// Node's modules: about 1.5 ms of every start, for a `spawn` that only
// `--check` with kubeconform and the cdk8s Helm/import paths call.
//
// In the bundle, `require` of such a module returns a stand-in that loads the
// real module the first time it is used. Its functions (lower-case names, as
// the module had them at build time) are stand-ins too, which load the module
// when called: cdk8s copies `spawnSync` into an object of its own when it
// loads, and copying the stand-in loads nothing. Every other property read,
// enumeration or test of the stand-in is the real module's.
'use strict';
const { builtinModules } = require('node:module');
const { promisify } = require('node:util');

/** The built-in modules the bundle loads lazily. */
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'v8'];

/** Names of the module's plain functions: lower-case, and not classes. */
function functionNames(name) {
  const real = require(`node:${name}`);
  return Object.keys(real).filter(
    (key) => typeof real[key] === 'function' && /^[a-z_]/.test(key) && !/^class\b/.test(Function.prototype.toString.call(real[key])),
  );
}

/** Names of the module's functions that carry a `util.promisify.custom` of their own (child_process' exec). */
function customPromisified(name) {
  const real = require(`node:${name}`);
  return functionNames(name).filter((key) => real[key][promisify.custom] !== undefined);
}

/** The source of the stand-in for built-in module `name`. */
function lazyBuiltinSource(name) {
  if (!builtinModules.includes(name)) throw new Error(`${name} is not a built-in module`);
  const functions = functionNames(name);
  const promisified = customPromisified(name);
  return `'use strict';
let real;
const load = () => (real ??= require(${JSON.stringify(`node:${name}`)}));
const functions = new Map();
for (const key of ${JSON.stringify(functions)}) {
  const call = {
    [key](...args) {
      return load()[key].apply(this, args);
    },
  }[key];
  functions.set(key, call);
}
for (const key of ${JSON.stringify(promisified)}) {
  Object.defineProperty(functions.get(key), require('node:util').promisify.custom, { get: () => load()[key][require('node:util').promisify.custom] });
}
const descriptor = (key) => {
  const found = Reflect.getOwnPropertyDescriptor(load(), key);
  return found && { ...found, configurable: true };
};
module.exports = new Proxy(Object.create(null), {
  get: (_, key) => (functions.has(key) ? functions.get(key) : load()[key]),
  set: (_, key, value) => Reflect.set(load(), key, value),
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const found = descriptor(key);
    return found && functions.has(key) ? { ...found, value: functions.get(key) } : found;
  },
  defineProperty: () => false,
  deleteProperty: () => false,
});
`;
}

/** The esbuild plugin: `require` of a lazy built-in, with or without `node:`, gets its stand-in. */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, ({ path, namespace }) =>
      namespace === 'lazy-builtin' ? { path, external: true } : { path: path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => ({ contents: lazyBuiltinSource(path), loader: 'js' }));
  },
};

module.exports = { LAZY_BUILTINS, lazyBuiltinSource, lazyBuiltins };
