// The block reader (lib/check/block-yaml.ts) is a shortcut for js-yaml: on any
// text it either gives up or returns exactly what js-yaml returns, key order,
// number signs and YAML 1.1 scalars included. These tests read the same text
// both ways: every YAML file of the repository, what every example
// synthesizes, hand-picked edge cases, and thousands of random documents.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { loadBlockYaml } from '../../lib/check/block-yaml';
import { loadAllAsKubectl, plainValue } from '../../lib/check/yaml11';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleTargets, ROOT } from '../helpers';

/** The value as a string that tells apart what deep equality might not: key order, -0, NaN, undefined, own `__proto__`. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' ? `n:${Object.is(value, -0) ? '-0' : String(value)}` : `${typeof value}:${String(value)}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) return 'not a plain object';
  return `{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** What check reads from `text`: the documents after YAML 1.1 resolution and where the 1.1 scalars were, or js-yaml's error. */
function readAs(text: string, blockReader: boolean): string {
  try {
    const parsed = loadAllAsKubectl(text, { blockReader });
    // A top-level YAML 1.1 scalar is no object and stays a token; its random part differs from run to run.
    return parsed.documents
      .map((d) => `${JSON.stringify(parsed.resolve(d))} ${canonical(d)}`.replace(/\0yaml11-[0-9a-f]{12}:/g, 'TOKEN:'))
      .join('\n');
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** The two readings of `text`, and whether the block reader took it. */
function bothWays(text: string): { block: string; jsYaml: string; taken: boolean } {
  return { block: readAs(text, true), jsYaml: readAs(text, false), taken: loadBlockYaml(text, plainValue) !== undefined };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

test('every YAML file of the repository reads the same both ways', () => {
  const files = ['examples', 'test', 'charts'].flatMap((dir) => yamlFiles(join(ROOT, dir)));
  const differing = files.filter((file) => {
    const { block, jsYaml } = bothWays(readFileSync(file, 'utf8'));
    return block !== jsYaml;
  });
  expect({ files: files.length > 50, differing }).toEqual({ files: true, differing: [] });
});

test('what every example synthesizes is read by the block reader, the same as by js-yaml', () => {
  const outcomes = exampleTargets().flatMap((target) =>
    [...synthesize(target.config, undefined, target.environment)]
      .filter(([path]) => path.startsWith('manifests/') && path.endsWith('.yaml'))
      .map(([path, text]) => ({ path: `${target.label} ${path}`, ...bothWays(String(text)) })),
  );
  expect(outcomes.filter((o) => !o.taken || o.block !== o.jsYaml).map((o) => o.path)).toEqual([]);
});

const EDGE_CASES = [
  '',
  '\n',
  '  \n\n',
  '# only a comment\n',
  'a: 1',
  'a: 1\n---\n',
  '---\n---\n',
  '# c\n---\na: 1\n',
  'a: 1\n--- # c\nb: 2\n...\n',
  '--- |\n  text\n',
  '--- a: 1\n',
  'key : v\n',
  'a: b: c\n',
  'a: 1\na: 2\n',
  '? a\n: b\n',
  'a:\n- 1\n- 2\nb: 3\n',
  'a:\n  - 1\n  -\n    x: 1\n',
  '- x: 1\n  y: 2\n- z\n',
  '-  x: 1\n   y: 2\n',
  '- - a\n',
  '-\n- b\n',
  'k: v # c\n',
  'k: a#b\n',
  'k: "a\\tb\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\/\\0" # c\n',
  'k: "a\\qb"\n',
  'k: "\\uD800"\n',
  "k: 'it''s'\n",
  "k: 'a''\n",
  'k: "open\n  continued"\n',
  'k: plain\n  continued\n',
  'k: v\n    # indented comment\n',
  'k: |\n  a\n\n  b\n\n\nz: 1\n',
  'k: |\n  a\n  ',
  'k: |-\n  a\n',
  'k: |+\n  a\n\n',
  'k: |\n\n  a\n',
  'k: |\nz: 1\n',
  'k: |\n   a\n  b\n',
  'k: |\n  a\n    b\n',
  'k: |2\n   a\n',
  'k: >\n  folded\n  text\n',
  'k: |\n  a\n   \n  b\n',
  'k: |\n  # not a comment\nz: 1\n',
  '- |\n a\n- b\n',
  '- k: |\n    a\n  z: 1\n',
  'k: []\nm: {}\n',
  'k: [a, b]\n',
  'k: {a: 1}\n',
  'k: [] # c\n',
  'k: []x\n',
  'on: yes\nn: 0755\ny: ~\nnull: .inf\n1: -0\n-.5: +12\n0x1F: 1_000\n',
  '~: a\n',
  'true: a\nTrue: b\n',
  '1.0: a\n',
  '__proto__: {}\nconstructor: a\ntoString: b\n',
  '<<: {a: 1}\n',
  'k: &a v\nl: *a\n',
  'k: !!str 1\n',
  '%YAML 1.2\n---\na: 1\n',
  'k:\tv\n',
  'k: v\r\n',
  '\uFEFFk: v\n',
  'k: \u2028\n',
  'k: "\u0085"\n',
  '  a: 1\n  b: 2\n',
  '  a: 1\n b: 2\n',
  'a:\n  b: 1\n c: 2\n',
  'a:\n    b: 1\n  c: 2\n',
  ': v\n',
  '- : v\n',
  'k: - a\n',
  'k: ,a\n',
  'k: -a\n',
  'k: ?a\n',
  'k: :a\n',
  'k: a:\n',
  'k: http://x:80/y\n',
  'a:b: c\n',
  '"q": 1\n\'s\': 2\n"a"b: 3\n',
  '"q":1\n',
  'k: "a" b\n',
  'k: "a"#b\n',
  `${'x'.repeat(1100)}: 1\n`,
  `${'- '.repeat(70)}a\n`,
  Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' v\n',
];

test.each(EDGE_CASES.map((text) => [JSON.stringify(text).slice(0, 80), text]))('edge case %s reads the same both ways', (_, text) => {
  const { block, jsYaml } = bothWays(text);
  expect(block).toBe(jsYaml);
});

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings that mean something to YAML somewhere: indicators, YAML 1.1 words, numbers, quotes, escapes, comments, odd Unicode. */
const WORDS = [
  'a',
  'name',
  'spark-app',
  'x y',
  '',
  ' ',
  'on',
  'Off',
  'y',
  'N',
  'yes',
  'true',
  'False',
  'null',
  '~',
  'NULL',
  '0755',
  '-0',
  '+1',
  '1e3',
  '1_000',
  '0x1F',
  '0o17',
  '.5',
  '-.inf',
  '.NaN',
  '12:30',
  '2024-01-01',
  '- a',
  '-',
  '?',
  ':',
  ': x',
  'a: b',
  'a:b',
  '#',
  'a #b',
  'a#b',
  '"',
  "'",
  "it's",
  '\\',
  '\\n',
  '[a]',
  '{a: 1}',
  '[]',
  '{}',
  ',',
  '&a',
  '*a',
  '!tag',
  '|',
  '>',
  '%',
  '@',
  '`',
  'é',
  '日本',
  '😀',
  '__proto__',
  '<<',
  'toString',
  'http://x/y',
  's3://b/*',
  '--- x',
  '...',
  'a  ',
  '  a',
];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/** Mostly everyday words, sometimes odd ones. */
function word(rnd: () => number): string {
  return rnd() < 0.6
    ? pick(rnd, ['a', 'name', 'spark-app', 'x y', '1', '2.5', 'true', 'v1'])
    : pick(rnd, WORDS) + (rnd() < 0.2 ? pick(rnd, WORDS) : '');
}

/** A random scalar as YAML text, in a random style that may or may not be valid or mean the same. */
function scalarText(rnd: () => number, indent: number): string {
  const text = word(rnd);
  const style = rnd();
  if (style < 0.5) return text;
  if (style < 0.65) return `'${text.replace(/'/g, "''")}'`;
  if (style < 0.8) return JSON.stringify(text);
  if (style < 0.9) {
    const body = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => (rnd() < 0.2 ? '' : `${' '.repeat(indent + 2)}${word(rnd)}`));
    return `${pick(rnd, ['|', '|-', '|+', '>'])}\n${body.join('\n')}`;
  }
  return pick(rnd, ['[]', '{}', '[a, b]', '{a: 1}', '&x a', '*x']);
}

/** A random block node at `indent`, with random comments, blank lines and indentation steps. */
function blockText(rnd: () => number, indent: number, depth: number): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  const sequence = rnd() < 0.35;
  const entries = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < entries; i++) {
    if (rnd() < 0.1) lines.push(rnd() < 0.5 ? '' : `${pad}# a comment`);
    const step = 1 + Math.floor(rnd() * 3);
    const nested = depth < 4 && rnd() < 0.35;
    const head = sequence ? `${pad}-` : `${pad}${rnd() < 0.8 ? word(rnd) : JSON.stringify(word(rnd))}:`;
    if (nested) {
      const compact = !sequence && rnd() < 0.3;
      lines.push(`${head}${rnd() < 0.1 ? ' # c' : ''}`);
      lines.push(blockText(rnd, compact ? indent : indent + step, depth + 1));
    } else {
      lines.push(`${head} ${scalarText(rnd, indent)}${rnd() < 0.1 ? ' # c' : ''}${rnd() < 0.05 ? '  ' : ''}`);
    }
  }
  return lines.join('\n');
}

/** A random stream: documents between markers, sometimes damaged by a deleted or shifted character. */
function streamText(rnd: () => number): string {
  const documents = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => blockText(rnd, rnd() < 0.1 ? 1 : 0, 0));
  let text = documents.join(rnd() < 0.5 ? '\n---\n' : '\n--- # next\n') + (rnd() < 0.8 ? '\n' : '');
  if (rnd() < 0.2) text = `---\n${text}`;
  if (rnd() < 0.25) {
    const at = Math.floor(rnd() * text.length);
    text = rnd() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : `${text.slice(0, at)} ${text.slice(at)}`;
  }
  return text;
}

test('4,000 random block documents, valid or not, read the same both ways; the block reader takes a good share', () => {
  const rnd = random(18);
  const texts = Array.from({ length: 4000 }, () => streamText(rnd));
  const outcomes = texts.map(bothWays);
  const differing = texts.filter((_, i) => outcomes[i].block !== outcomes[i].jsYaml);
  const taken = outcomes.filter((o) => o.taken).length;
  expect({ differing: differing.slice(0, 3), takenShare: taken / texts.length > 0.1 }).toEqual({ differing: [], takenShare: true });
});

test("js-yaml's own dump of random objects, in its styles, reads the same both ways and is taken by the block reader", () => {
  const rnd = random(4);
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.5)
      return pick(rnd, [...WORDS, 0, -0, 1.5, -7, 1e21, NaN, Infinity, true, false, null, 'multi\nline\n', 'trail\n\n']);
    if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(rnd, WORDS), value(depth + 1)]));
  };
  const outcomes = Array.from({ length: 1000 }, (_, i) => {
    const root = rnd() < 0.5 ? [value(1), value(1)] : { [pick(rnd, WORDS)]: value(1), [pick(rnd, WORDS)]: value(1) };
    const text = yaml.dump(root, { lineWidth: -1, indent: 1 + (i % 4), noArrayIndent: i % 2 === 0, quotingType: i % 3 ? "'" : '"' });
    return bothWays(text);
  });
  expect({
    differing: outcomes.filter((o) => o.block !== o.jsYaml).length,
    takenShare: outcomes.filter((o) => o.taken).length / outcomes.length > 0.5,
  }).toEqual({ differing: 0, takenShare: true });
});
