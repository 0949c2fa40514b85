import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { ROOT } from '../helpers';

const { exportedSubclasses, pruneUnusedExports } = require('../../scripts/prune-exports') as {
  exportedSubclasses: (text: string, fileName?: string) => string[];
  pruneUnusedExports: (text: string, isUsed: (name: string) => boolean, fileName?: string) => string;
};

const K8S = join(ROOT, 'node_modules', 'cdk8s-plus-28', 'lib', 'imports', 'k8s.js');

/** The exports of a CommonJS module's text, run as if it were the file at `path`. */
function exportsOf(text: string, path = K8S): Record<string, any> {
  const module = { exports: {} as Record<string, any> };
  vm.runInThisContext(`(function (exports, require, module) {\n${text}\n})`)(module.exports, createRequire(path), module);
  return module.exports;
}

function only(...names: string[]): (name: string) => boolean {
  return (name) => names.includes(name);
}

describe("unused exports pruned from cdk8s-plus' Kubernetes classes in the bundle (scripts/prune-exports.js)", () => {
  test('the classes and functions kept render the same manifests as the whole module', () => {
    expect.hasAssertions();
    const text = readFileSync(K8S, 'utf8');
    const whole = exportsOf(text);
    const pruned = exportsOf(pruneUnusedExports(text, only('KubeDaemonSet', 'KubeRole', 'Quantity', 'toJson_PodTemplateSpec'), K8S));
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: {
        containers: [{ name: 'c', image: 'i', resources: { limits: { memory: whole.Quantity.fromString('1Gi') } } }],
        nodeSelector: { a: 'b' },
      },
    };
    const daemonSet = { metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'x' } }, template } };
    const role = { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    expect(pruned.KubeDaemonSet.manifest(daemonSet)).toEqual(whole.KubeDaemonSet.manifest(daemonSet));
    expect(pruned.KubeRole.manifest(role)).toEqual(whole.KubeRole.manifest(role));
    expect(pruned.toJson_PodTemplateSpec(template)).toEqual(whole.toJson_PodTemplateSpec(template));
    expect(pruned.Quantity.fromString('500m').value).toBe('500m');
  });

  test('what the kept exports do not reach is gone: other classes, and their exports', () => {
    expect.hasAssertions();
    const text = readFileSync(K8S, 'utf8');
    const pruned = pruneUnusedExports(text, only('KubeRole'), K8S);
    const classes = (module: string) => module.match(/^class \w+/gm);
    expect(classes(text)!.length).toBeGreaterThan(100);
    expect(classes(pruned)).toEqual(['class KubeRole']);
    expect(Object.keys(exportsOf(pruned))).toEqual(expect.arrayContaining(['KubeRole', 'toJson_KubeRoleProps', 'toJson_PolicyRule']));
    expect(exportsOf(pruned)).not.toHaveProperty('KubeDeployment');
  });

  test('declarations a kept one needs stay, in their place: the require, the shared variables, what a class assigns to itself', () => {
    expect.hasAssertions();
    const kept = [
      '"use strict";',
      'var _a;',
      'exports.Kept = void 0;',
      'const base_1 = require("node:events");',
      'class Kept extends base_1.EventEmitter { describe() { return helper(); } }',
      'exports.Kept = Kept;',
      '_a = Symbol.for("x");',
      'Kept[_a] = { fqn: "kept" };',
      'Kept.GVK = { kind: "Kept" };',
      'function helper() { return "helped"; }',
    ];
    const unused = ['class Unused {}', 'exports.Unused = Unused;', 'Unused.GVK = { kind: "Unused" };'];
    const text = [...kept, ...unused].join('\n').replace('exports.Kept = void 0;', 'exports.Unused = exports.Kept = void 0;');
    const pruned = pruneUnusedExports(text, only('Kept'));
    expect(pruned.split('\n').filter((line) => line !== '')).toEqual(kept);
    const { Kept } = exportsOf(pruned, join(ROOT, 'module.js'));
    expect([new Kept().describe(), Kept.GVK.kind]).toEqual(['helped', 'Kept']);
  });

  test('a statement that assigns to no declared name stays, with what it refers to', () => {
    expect.hasAssertions();
    const text = [
      'function helper() { return "ran"; }',
      'Object.defineProperty(exports, "ran", { value: helper(), enumerable: true });',
      'function unused() {}',
      'exports.unused = unused;',
    ].join('\n');
    const pruned = pruneUnusedExports(text, only());
    expect(exportsOf(pruned, join(ROOT, 'module.js'))).toEqual({ ran: 'ran' });
    expect(pruned).not.toContain('function unused');
  });

  test("an enum's initialiser goes with the enum: it stays when the enum is used, and only then", () => {
    expect.hasAssertions();
    const text = [
      'exports.Kind = void 0;',
      'var Kind;',
      '(function (Kind) { Kind["A"] = "a"; })(Kind || (exports.Kind = Kind = {}));',
    ].join('\n');
    expect(exportsOf(pruneUnusedExports(text, only('Kind')), join(ROOT, 'module.js'))).toEqual({ Kind: { A: 'a' } });
    expect(exportsOf(pruneUnusedExports(text, only()), join(ROOT, 'module.js'))).toEqual({});
  });

  test('a module that exports nothing is left as it is', () => {
    expect.hasAssertions();
    const text = 'function a() {}\nconsole.log(a);\n';
    expect(pruneUnusedExports(text, only())).toBe(text);
  });

  test("our generated CRD modules' API object classes are found, each of which the bundle loads on first use; their value classes are not", () => {
    expect.hasAssertions();
    const classesOf = (name: string) => exportedSubclasses(readFileSync(join(ROOT, 'build', 'imports', name), 'utf8'));
    expect(classesOf('sparkoperator.k8s.io.js')).toEqual(['ScheduledSparkApplication', 'SparkApplication']);
    expect(classesOf('karpenter.sh.js')).toEqual(['NodePool']);
  });
});
