import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { run } from '../../lib/cli/main';
import { EXAMPLES, readExample, seededRandom, snapshotDir, tempDir } from '../helpers';

/**
 * Property: whatever the config file holds, synth ends with exit 0, 1 or 2,
 * prints no stack trace, and leaves an earlier output untouched when it
 * fails. Inputs come from a seeded generator (the seed is in each test's
 * name, so a failure reproduces); iterations are bounded to keep the suite fast.
 */
const ITERATIONS = 25;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '',
  ' ',
  'a/b',
  '${bucket:jars}',
  "'; rm -rf / #",
  'ü',
  'x'.repeat(300),
];
const HOSTILE_SCALARS: unknown[] = [
  null,
  true,
  0,
  -1,
  1e300,
  -1e300,
  4294967296000,
  0.5,
  '',
  ' ',
  '\n',
  '\0',
  '$(reboot)',
  '`id`',
  "'",
  '"',
  '\\',
  '../../etc/passwd',
  '/',
  'x'.repeat(5000),
  '1.30',
  '*',
  '{{ .Values.x }}',
  [],
  {},
];
const FIELD_NAMES = [
  'apiVersion',
  'kind',
  'buckets',
  'teams',
  'sparkApplications',
  'nodePools',
  'name',
  'bucket',
  'prefix',
  'mount',
  'approach',
  'path',
  'cache',
  'maxSizeMiB',
  'uid',
  'sparkConf',
  'deps',
  'jars',
  'team',
  'serviceAccount',
  'chart',
  'cluster',
  'gitops',
];

function randomValue(rng: Rng, depth: number): unknown {
  const roll = rng();
  if (depth > 4 || roll < 0.4) return pick(rng, HOSTILE_SCALARS);
  if (roll < 0.7) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 5); i > 0; i--)
    setOwn(object, pick(rng, rng() < 0.5 ? FIELD_NAMES : HOSTILE_KEYS), randomValue(rng, depth + 1));
  return object;
}

/** An own property even for __proto__ (plain assignment would set the prototype). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One random change somewhere in the example's tree: a value replaced, a key removed or added, an item repeated. */
function mutate(rng: Rng, data: unknown): void {
  let node = data as Record<string, unknown>;
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    const child = node[key];
    if (child === null || typeof child !== 'object' || (depth > 1 && rng() < 0.2)) {
      const action = rng();
      if (action < 0.4) node[key] = randomValue(rng, 3);
      else if (action < 0.6) delete node[key];
      else if (action < 0.8) setOwn(node, pick(rng, HOSTILE_KEYS), randomValue(rng, 3));
      else if (Array.isArray(node)) node.push(...Array(50).fill(node[0]));
      else node[key] = [child, child];
      return;
    }
    node = child as Record<string, unknown>;
  }
}

/** Data as a config file of the given kind: YAML (aliases where the data shares objects) or JSON. */
function serialize(data: unknown, format: 'yaml' | 'json'): string {
  return format === 'json' ? JSON.stringify(data) : yaml.dump(data);
}

const GENERATORS: Record<string, (rng: Rng, format: 'yaml' | 'json') => string> = {
  'random bytes': (rng) => Buffer.from(Array.from({ length: Math.floor(rng() * 2000) }, () => Math.floor(rng() * 256))).toString('latin1'),
  'random YAML': (rng, format) => {
    const data = randomValue(rng, 1);
    const config =
      data !== null && typeof data === 'object' && !Array.isArray(data) && rng() < 0.7
        ? { apiVersion: 'mountpoint-s3-spark/v1alpha1', kind: 'Config', ...data }
        : data;
    return serialize(config, format);
  },
  'mutated example': (rng, format) => {
    const data = yaml.load(readExample(pick(rng, EXAMPLES)));
    for (let n = 1 + Math.floor(rng() * 3); n > 0; n--) mutate(rng, data);
    return serialize(data, format);
  },
};

/** Runs the CLI in this process, capturing what it prints. */
async function runCaptured(argv: string[]): Promise<{ status: number; output: string }> {
  let output = '';
  const capture = (text: string | Uint8Array): boolean => ((output += String(text)), true);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const status = await run(argv);
    return { status, output };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe.each(Object.keys(GENERATORS))('synth on %s', (kind) => {
  test.each(Array.from({ length: 3 }, (_, i) => [1000 * (Object.keys(GENERATORS).indexOf(kind) + 1) + i]))(
    'seed %i: exit 0, 1 or 2, no stack trace, an earlier output untouched on failure',
    async (seed) => {
      expect.hasAssertions();
      const rng = seededRandom(seed);
      const dir = tempDir();
      const out = join(dir, 'dist');
      expect((await runCaptured(['synth', '--no-check', '--out', out])).status).toBe(0);
      for (let i = 0; i < ITERATIONS; i++) {
        const before = snapshotDir(out, true);
        const format = rng() < 0.2 ? 'json' : 'yaml';
        const config = join(dir, `config-${i}.${format}`);
        writeFileSync(config, GENERATORS[kind](rng, format), kind === 'random bytes' ? 'latin1' : 'utf8');

        const { status, output } = await runCaptured(['synth', '--no-check', '--config', config, '--out', out]);

        // The config file in the failure message reproduces the case.
        expect({ config, exitCodeAllowed: [0, 1, 2].includes(status), output: status > 2 ? output : '' }).toEqual({
          config,
          exitCodeAllowed: true,
          output: '',
        });
        expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        if (status !== 0) expect(snapshotDir(out, true)).toEqual(before);
      }
    },
  );
});
