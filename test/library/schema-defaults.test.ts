import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { configSchema } from '../../lib/config/schema';
import { ROOT, sourceFiles } from '../helpers';

/**
 * Defaults live once, in the config schema: code that falls back with
 * `?? <literal>` to a value the schema already gives as a default holds a
 * second copy, which drifts when the schema changes. Such code reads the
 * schema's default, or takes the resolved config value as a required prop.
 */

/** Every string or number the schema gives as a default, apart from ones too common to mean anything ('', 0, 1). */
function schemaDefaults(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => schemaDefaults(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'default' && (typeof value === 'string' || typeof value === 'number') && !['', 0, 1].includes(value)) {
        found.add(JSON.stringify(value));
      }
      schemaDefaults(value, found);
    }
  }
  return found;
}

/**
 * Every module that builds from a config: all but the config itself (home of
 * the schema) and `check`, which never sees a config (its defaults are
 * Kubernetes', such as the namespace "default").
 */
const SOURCES = ['lib', 'charts']
  .flatMap((dir) => sourceFiles(join(ROOT, dir)))
  .filter((path) => !/^lib\/(config|check)\//.test(relative(ROOT, path).split(sep).join('/')));

/** `?? 'text'`, `?? "text"` or `?? 42`, as the JSON of the literal. */
function fallbacks(text: string): string[] {
  return [...text.matchAll(/\?\?\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)\b)/g)].map(([, single, double, number]) =>
    number !== undefined ? number : JSON.stringify(single ?? double),
  );
}

describe('defaults live in the config schema', () => {
  const defaults = schemaDefaults(configSchema);

  test('the schema defaults and the modules are found', () => {
    expect([defaults.has('"system-node-critical"'), SOURCES.map((path) => relative(ROOT, path).split(sep).join('/'))]).toEqual([
      true,
      expect.arrayContaining(['lib/constructs/spark-job.ts', 'lib/scripts/mount-script.ts', 'charts/config-chart.ts']),
    ]);
  });

  test('a `??` fallback to a literal is found, in either quotes or as a number', () => {
    expect(fallbacks(`a ?? 'gp3'; b ?? "720h"; c?.d ?? 60`)).toEqual(['"gp3"', '"720h"', '60']);
  });

  test('no module falls back to a literal the schema gives as a default', () => {
    const repeated = SOURCES.flatMap((path) =>
      fallbacks(readFileSync(path, 'utf8'))
        .filter((literal) => defaults.has(literal))
        .map((literal) => `${relative(ROOT, path)}: ?? ${literal}`),
    );
    expect(repeated).toEqual([]);
  });
});
