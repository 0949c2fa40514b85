import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ROOT, sourceFiles } from '../helpers';

/**
 * One `Testing.chart()` test file per construct file: every source file that
 * declares a class extending `Construct` has test/constructs/<file>.test.ts,
 * which builds that class alone in a `Testing.chart()` (`alone()` in
 * ./synth.ts). Found by reading the sources, wherever a construct lives.
 */

const HERE = join(ROOT, 'test', 'constructs');

/** Construct classes by source file (relative to the root). */
const CONSTRUCT_FILES = new Map(
  ['lib', 'charts']
    .flatMap((dir) => sourceFiles(join(ROOT, dir)))
    .map(
      (path) =>
        [relative(ROOT, path), [...readFileSync(path, 'utf8').matchAll(/\bclass (\w+) extends Construct\b/g)].map((m) => m[1])] as const,
    )
    .filter(([, classes]) => classes.length > 0),
);

const testFileOf = (source: string) => join(HERE, `${basename(source, '.ts')}.test.ts`);

describe('construct tests', () => {
  test('the construct files are found', () => {
    expect([...CONSTRUCT_FILES.values()].flat()).toEqual(expect.arrayContaining(['SparkJob', 'NodeMountDaemonSet', 'SparkS3Platform']));
  });

  test.each([...CONSTRUCT_FILES].map(([source, classes]) => [source, classes.join(', ')]))(
    '%s has a test file that builds %s alone in a Testing.chart()',
    (source) => {
      const classes = CONSTRUCT_FILES.get(source)!;
      const path = testFileOf(source);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      expect(classes.filter((name) => !(text.includes(`new ${name}(`) && text.includes('alone(')))).toEqual([]);
    },
  );

  test('every test file here belongs to a construct file', () => {
    const expected = new Set([...CONSTRUCT_FILES.keys()].map((source) => basename(testFileOf(source))));
    const strays = readdirSync(HERE).filter((name) => name.endsWith('.test.ts') && name !== basename(__filename) && !expected.has(name));
    expect(strays).toEqual([]);
  });
});
