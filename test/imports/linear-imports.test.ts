import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';

// scripts/linear-imports.js is plain JavaScript run by `npm run import`.
 
const { linearize } = require('../../scripts/linear-imports.js') as { linearize: (text: string) => string };

/** A map conversion as cdk8s import writes it (quadratic: it copies the object once per key). */
const GENERATED = "return Object.entries(obj.tags).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {});";

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
    const tags: Record<string, unknown> = { a: { value: '1' }, skipped: undefined, constructor: { value: 'c' } };
    Object.defineProperty(tags, '__proto__', { value: { value: 'p' }, enumerable: true });
    const rewritten = new Function('obj', linearize(GENERATED)) as (obj: unknown) => Record<string, unknown>;

    const result = rewritten({ tags });

    expect(linearize(GENERATED)).not.toContain('...r');
    expect(Object.entries(result)).toEqual([['a', '1'], ['constructor', 'c'], ['__proto__', 'p']]);
  });
});
