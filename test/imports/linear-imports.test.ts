import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../helpers';

// scripts/linear-imports.js is plain JavaScript run by `npm run import`.
 
const { linearize } = require('../../scripts/linear-imports.js') as { linearize: (text: string, language?: 'ts' | 'js') => string };

/** A generated file with a map conversion as cdk8s import writes it (quadratic: it copies the object once per key). */
const GENERATED = [
  "import { ApiObject } from 'cdk8s';",
  '',
  'export function toJson_Tags(obj: any): any {',
  '  return Object.entries(obj.tags).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {});',
  '}',
  '',
].join('\n');

/** An API object class as cdk8s import writes it: its group, version and kind spread before its props and its JSON. */
const GENERATED_CLASS = [
  "import { ApiObject } from 'cdk8s';",
  '',
  'export class Tagged extends ApiObject {',
  "  public static readonly GVK = { apiVersion: 'example.com/v1', kind: 'Tagged' };",
  '  public static manifest(props: any = {}): any {',
  '    return {',
  '      ...Tagged.GVK,',
  '      ...toJson_TaggedProps(props),',
  '    };',
  '  }',
  '  public constructor(scope: any, id: string, props: any = {}) {',
  '    super(scope, id, {',
  '      ...Tagged.GVK,',
  '      ...props,',
  '    });',
  '  }',
  '}',
  '',
  'export function toJson_TaggedProps(obj: any): any {',
  '  const result = { metadata: obj.metadata, spec: obj.spec };',
  '  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});',
  '}',
  '',
].join('\n');

/** The exports of a rewritten file, compiled as `npm run build` compiles imports/ (`require` gives `required`). */
function compiled<T>(text: string, required: unknown = {}): T {
  const { outputText } = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', outputText)(module, module.exports, () => required);
  return module.exports;
}

/** `toJson_Tags` of the rewritten file. */
function rewrittenConversion(): (obj: unknown) => Record<string, unknown> {
  return compiled<{ toJson_Tags: (obj: unknown) => Record<string, unknown> }>(linearize(GENERATED)).toJson_Tags;
}

/** A Kubernetes object class of cdk8s-plus's that converts its props: one reduce, one spread of its kind. */
const K8S = require.resolve('cdk8s-plus-28/lib/imports/k8s');

/** A value of every kind a spread copies or skips: an own `__proto__`, an integer key, a getter, symbols, a non-enumerable key. */
function awkwardProps(): Record<string, unknown> {
  const props: Record<string, unknown> = { spec: { replicas: 1 }, 7: 'seven', kind: 'Overridden', metadata: { name: 'x' } };
  Object.defineProperty(props, '__proto__', { value: { polluted: true }, enumerable: true });
  Object.defineProperty(props, 'computed', { get: () => 'got', enumerable: true });
  Object.defineProperty(props, 'hidden', { value: 'no', enumerable: false });
  Object.defineProperty(props, Symbol.for('shown'), { value: 'yes', enumerable: true });
  Object.defineProperty(props, Symbol.for('hidden'), { value: 'no', enumerable: false });
  return props;
}

/** An object's own members as a spread sees them: keys in order, values, prototype. */
function members(object: object): unknown {
  return { keys: Reflect.ownKeys(object), values: Reflect.ownKeys(object).map((key) => (object as Record<PropertyKey, unknown>)[key]), proto: Object.getPrototypeOf(object) };
}

describe('generated CRD classes convert maps in linear time', () => {
  test('imports/ holds no map conversion that copies the object per key, and no spread of a kind (npm run import rewrites them)', () => {
    expect.hasAssertions();
    const files = readdirSync(join(ROOT, 'imports')).filter((f) => f.endsWith('.ts'));
    const quadratic = files.filter((f) => readFileSync(join(ROOT, 'imports', f), 'utf8').includes('...r, [i[0]]'));
    const kindSpreads = files.filter((f) => /\.\.\.\w+\.GVK/.test(readFileSync(join(ROOT, 'imports', f), 'utf8')));
    expect(files.length).toBeGreaterThan(0);
    expect(quadratic).toEqual([]);
    expect(kindSpreads).toEqual([]);
  });

  test('the rewritten conversion gives the same object, undefined values dropped, own __proto__ and constructor keys kept', () => {
    expect.hasAssertions();
    const tags: Record<string, unknown> = { a: { value: '1' }, skipped: undefined, constructor: { value: 'c' }, 7: { value: 'seven' } };
    Object.defineProperty(tags, '__proto__', { value: { value: 'p' }, enumerable: true });

    const result = rewrittenConversion()({ tags });

    expect(linearize(GENERATED)).not.toContain('...r');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.entries(result)).toEqual([['7', 'seven'], ['a', '1'], ['constructor', 'c'], ['__proto__', 'p']]);
  });

  test('the helper the conversions call is added once, after the imports', () => {
    expect.hasAssertions();
    const twice = linearize(`${GENERATED}${GENERATED.split('\n').slice(1).join('\n').replace('toJson_Tags', 'toJson_Other')}`);

    expect(twice.match(/function definedValues/g)).toHaveLength(1);
    expect(twice.indexOf('function definedValues')).toBeGreaterThan(twice.indexOf("from 'cdk8s'"));
  });
});

describe('API object classes put their group, version and kind before their members as a spread does, with shared hidden classes', () => {
  test('the rewritten class holds no spread of its kind', () => {
    expect.hasAssertions();
    const rewritten = linearize(GENERATED_CLASS);

    expect(rewritten).not.toMatch(/\.\.\.Tagged\.GVK/);
    expect(rewritten.match(/spreadMembers\(Tagged\.GVK, /g)).toHaveLength(2);
    expect(rewritten.match(/function spreadMembers/g)).toHaveLength(1);
  });

  test('the props an object is made with are those the spread made, member for member', () => {
    expect.hasAssertions();
    class ApiObject {
      constructor(
        readonly scope: unknown,
        readonly id: string,
        readonly props: object,
      ) {}
    }
    const { Tagged } = compiled<{ Tagged: new (scope: unknown, id: string, props: object) => ApiObject }>(linearize(GENERATED_CLASS), { ApiObject });
    const props = awkwardProps();

    const made = new Tagged(undefined, 'x', props).props;

    expect(members(made)).toEqual(members({ ...{ apiVersion: 'example.com/v1', kind: 'Tagged' }, ...props }));
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
  });

  test('manifest gives what the spread gave', () => {
    expect.hasAssertions();
    const original = compiled<{ Tagged: { manifest(props: object): object } }>(GENERATED_CLASS, { ApiObject: class {} });
    const rewritten = compiled<{ Tagged: { manifest(props: object): object } }>(linearize(GENERATED_CLASS), { ApiObject: class {} });

    expect(members(rewritten.Tagged.manifest({ metadata: { name: 'a' } }))).toEqual(members(original.Tagged.manifest({ metadata: { name: 'a' } })));
  });

  test("cdk8s-plus' classes, as the CLI bundles them (JavaScript), keep no quadratic conversion and no spread of their kind", () => {
    expect.hasAssertions();
    const text = readFileSync(K8S, 'utf8');
    const rewritten = linearize(text, 'js');

    expect(text).toContain('...r, [i[0]]');
    expect(text).toMatch(/\.\.\.KubeNamespace\.GVK,/);
    expect(rewritten).not.toContain('...r, [i[0]]');
    expect(rewritten).not.toMatch(/\.\.\.\w+\.GVK/);
    expect(rewritten.indexOf('function definedValues')).toBeGreaterThan(rewritten.indexOf('"use strict";'));
  });

  test("a Kubernetes object of cdk8s-plus' rewritten classes renders the JSON of the original", () => {
    expect.hasAssertions();
    // Loaded from the rewritten text beside the original, so its requires resolve as the original's do.
    const load = (text: string) => {
      const module = { exports: {} as typeof import('cdk8s-plus-28/lib/imports/k8s') };
      new Function('module', 'exports', 'require', text)(module, module.exports, (id: string) => require(require.resolve(id, { paths: [K8S] })));
      return module.exports;
    };
    const { App, Chart } = require('cdk8s') as typeof import('cdk8s');
    const render = (k8s: typeof import('cdk8s-plus-28/lib/imports/k8s')) => {
      const chart = new Chart(new App(), 'c');
      new k8s.KubeDeployment(chart, 'd', {
        metadata: { name: 'd', labels: { b: '1', a: '2' } },
        spec: {
          selector: { matchLabels: { a: '2' } },
          template: {
            metadata: { labels: { a: '2' } },
            spec: {
              containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], resources: { limits: { cpu: k8s.Quantity.fromString('1') } } }],
              volumes: [{ name: 'v', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }],
            },
          },
          strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1) } },
        },
      });
      return JSON.stringify(chart.toJson());
    };
    const original = readFileSync(K8S, 'utf8');

    expect(render(load(linearize(original, 'js')))).toBe(render(load(original)));
  });
});

