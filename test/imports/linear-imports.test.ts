import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../helpers';

// scripts/linear-imports.js is plain JavaScript run by `npm run import`.
 
const { linearize } = require('../../scripts/linear-imports.js') as { linearize: (text: string) => string };

/** A generated file with a map conversion as cdk8s import writes it (quadratic: it copies the object once per key). */
const GENERATED = [
  "import { ApiObject } from 'cdk8s';",
  '',
  'export function toJson_Tags(obj: any): any {',
  '  return Object.entries(obj.tags).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {});',
  '}',
  '',
].join('\n');

/** `toJson_Tags` of the rewritten file, compiled as `npm run build` compiles imports/. */
function rewrittenConversion(): (obj: unknown) => Record<string, unknown> {
  const { outputText } = ts.transpileModule(linearize(GENERATED), { compilerOptions: { module: ts.ModuleKind.CommonJS } });
  const module = { exports: {} as { toJson_Tags: (obj: unknown) => Record<string, unknown> } };
  new Function('module', 'exports', 'require', outputText)(module, module.exports, () => ({}));
  return module.exports.toJson_Tags;
}

describe('generated CRD classes convert maps in linear time', () => {
  test('imports/ holds no map conversion that copies the object per key (npm run import rewrites them)', () => {
    expect.hasAssertions();
    const files = readdirSync(join(ROOT, 'imports')).filter((f) => f.endsWith('.ts'));
    const quadratic = files.filter((f) => readFileSync(join(ROOT, 'imports', f), 'utf8').includes('...r, [i[0]]'));
    expect(files.length).toBeGreaterThan(0);
    expect(quadratic).toEqual([]);
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
