import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { buildApp } from '../../lib/app';
import { CDK8S_YAML_OPTIONS, MISREAD_AS_BLOCK } from '../../lib/block-yaml';
import { toYaml } from '../../lib/rendered-files';
import { exampleTargets, requireTool, seededRandom } from '../helpers';

/**
 * toYaml writes manifests without the `yaml` package's document model; its
 * contract is cdk8s' own serializer applied to the JSON of the documents,
 * byte for byte. Each test compares the two on the same input.
 */
function cdk8sYaml(...documents: unknown[]): string {
  return Yaml.stringify(...documents.map((document) => JSON.parse(JSON.stringify(document)) as unknown));
}

/**
 * cdk8s' serializer with toYaml's one change to it: strings Go's YAML
 * decoders read as numbers (`0o17`, `0X1F`) are quoted (CDK8S_YAML_OPTIONS).
 */
function quotedYaml(...documents: unknown[]): string {
  return documents
    .map((document) => JSON.parse(JSON.stringify(document)) as unknown)
    .map((document) =>
      document === undefined ? '\n' : withoutMisreadBlocks(new YAML.Document(document, CDK8S_YAML_OPTIONS)).toString(CDK8S_YAML_OPTIONS),
    )
    .join('---\n');
}

/** `document` with the multi-line strings Go would misread as block scalars (MISREAD_AS_BLOCK) set to double quotes, as toYaml writes them. */
function withoutMisreadBlocks(document: YAML.Document): YAML.Document {
  YAML.visit(document, {
    Pair(_, pair) {
      const value = pair.value;
      if (YAML.isScalar(value) && typeof value.value === 'string' && value.value.includes('\n') && MISREAD_AS_BLOCK.test(value.value))
        value.type = 'QUOTE_DOUBLE';
    },
    Seq(_, seq) {
      for (const item of seq.items)
        if (YAML.isScalar(item) && typeof item.value === 'string' && item.value.includes('\n') && MISREAD_AS_BLOCK.test(item.value))
          item.type = 'QUOTE_DOUBLE';
    },
  });
  return document;
}

/**
 * Pieces of strings that change how YAML writes a scalar: indicators, what
 * YAML 1.1 reads as another type, line breaks in every position, quotes,
 * control characters, document markers, long lines.
 */
const PIECES = [
  ...[
    '',
    ' ',
    '  ',
    '\t',
    '\n',
    '\n\n',
    '\r',
    '\r\n',
    'a',
    'é',
    '😀',
    '\u00a0',
    '\u0085',
    '\u2028',
    '\u2029',
    '\ud800',
    '\x00',
    '\x07',
    '\x1b',
  ],
  ...['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '<<', '=', '~'],
  ...['- ', '? ', ': ', ' #', '---', '...', '%YAML', 'yes', 'No', 'ON', 'off', 'y', 'n', 'null', 'Null', 'NULL', 'true', 'False'],
  ...['0', '-0', '+1', '0777', '0o17', '0x1F', '0b101', '1_000', '1:20', '1:20.5', '.inf', '-.Inf', '.NaN', '1e3', '-1.5e-3', '1.'],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', 'http://example.com/a#b', 'k=v,w', '${bucket:x}'],
  ...['{{ .Values.x }}', '#!/bin/bash\nset -euo pipefail\n', 'line\n  indented\n', 'x'.repeat(90), 'y'.repeat(1030)],
];

function randomString(rng: () => number): string {
  let text = '';
  for (let n = Math.floor(rng() * 4); n > 0; n--) text += PIECES[Math.floor(rng() * PIECES.length)];
  return text;
}

const NUMBERS = [0, -0, 1, -3, 1.5, 1e21, 1e-7, 2 ** 53 + 2, 1e300, NaN, Infinity, -Infinity];

function randomValue(rng: () => number, depth: number): unknown {
  const roll = rng();
  if (depth > 5 || roll < 0.35) return randomString(rng);
  if (roll < 0.42) return NUMBERS[Math.floor(rng() * NUMBERS.length)];
  if (roll < 0.48) return [true, false, null, undefined][Math.floor(rng() * 4)];
  if (roll < 0.7) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let n = Math.floor(rng() * 4); n > 0; n--) {
    Object.defineProperty(object, randomString(rng), {
      value: randomValue(rng, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

describe('toYaml writes what cdk8s writes', () => {
  test.each(exampleTargets().map((target) => [target.label, target.config] as const))('every chart of %s', (_, config) => {
    expect.hasAssertions();
    for (const chart of buildApp(config).charts) {
      const documents = chart.toJson();
      expect(toYaml(...documents)).toBe(cdk8sYaml(...documents));
    }
  });

  test.each([1, 2, 3, 4, 5])('random documents of hostile strings, keys and nesting (seed %i)', (seed) => {
    expect.hasAssertions();
    const rng = seededRandom(seed);
    for (let i = 0; i < 400; i++) {
      const document =
        rng() < 0.3 ? randomValue(rng, 0) : { metadata: randomValue(rng, 1), spec: [randomValue(rng, 1), { items: randomValue(rng, 2) }] };
      if (document === undefined) continue;
      expect(toYaml(document)).toBe(quotedYaml(document));
    }
  });

  test('several documents in one file, separated by ---', () => {
    expect.hasAssertions();
    const documents = [{ kind: 'A' }, [], 'text\n', { kind: 'B', data: { 'x.sh': 'echo\n' } }];
    expect(toYaml(...documents)).toBe(cdk8sYaml(...documents));
  });

  test('a key longer than 1,024 characters, which YAML writes as an explicit `? key`', () => {
    expect.hasAssertions();
    const document = { labels: { ['k'.repeat(1025)]: 'v', short: { ['"'.repeat(600)]: [1] } } };
    expect(toYaml(document)).toBe(cdk8sYaml(document));
  });

  test('values as JSON has them: toJSON, boxed primitives, undefined members and array items, non-finite numbers', () => {
    expect.hasAssertions();
    const document = {
      when: new Date(Date.UTC(2026, 0, 2)),
      custom: { toJSON: (key: string) => ({ key, n: 1 }) },
      boxed: [Object(7), Object('yes'), Object(false)],
      dropped: undefined,
      fn: () => 1,
      items: [undefined, () => 1, Symbol('s'), NaN, -0],
    };
    expect(toYaml(document)).toBe(cdk8sYaml(document));
  });

  test('keys JavaScript treats specially are written as keys', () => {
    expect.hasAssertions();
    const document = JSON.parse('{"__proto__": {"constructor": "x", "prototype": 1}, "2": "two", "1": "one", "toJSON": "t"}') as unknown;
    expect(toYaml(document)).toBe(cdk8sYaml(document));
  });

  test('a cycle is refused, as JSON refuses it', () => {
    expect.hasAssertions();
    const document: Record<string, unknown> = { a: 1 };
    document.self = document;
    expect(() => toYaml(document)).toThrow();
  });
});

/** Strings Go reads as numbers (strconv, after go-yaml drops the underscores), none of which YAML 1.1 reads as one. */
const GO_NUMBERS = ['0o17', '0O17', '0X1F', '0B1', '-0o7', '+0o7', '0o_7', '1e1_0', '+_1', '1_', '0_x1', '08', '1_000.5'];

describe('strings Go reads as numbers', () => {
  test('stay strings, as label and ConfigMap values, through kubectl kustomize (go-yaml)', () => {
    expect.hasAssertions();
    const labels = Object.fromEntries(GO_NUMBERS.map((text, i) => [`l${i}`, text]));
    const data = Object.fromEntries(GO_NUMBERS.map((text, i) => [`k${i}`, text]));
    const dir = mkdtempSync(join(tmpdir(), 'go-numbers-'));
    try {
      writeFileSync(join(dir, 'cm.yaml'), toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels }, data }));
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
      const [read] = YAML.parseAllDocuments(execFileSync(requireTool('kubectl'), ['kustomize', dir]).toString()).map((d) => d.toJSON());
      expect({ labels: read.metadata.labels, data: read.data }).toEqual({ labels, data });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('are quoted, not look-alikes Go reads as text, which stay as cdk8s writes them', () => {
    expect.hasAssertions();
    const text = ['0o8', '0x', '_1', '1.2.3', 'x0o7', '3.5.3', '1200m', '4g', '0o17x'];
    expect(GO_NUMBERS.map((s) => toYaml({ s }))).toEqual(GO_NUMBERS.map((s) => `s: "${s}"\n`));
    expect(text.map((s) => toYaml({ s }))).toEqual(text.map((s) => cdk8sYaml({ s })));
  });
});

/** Multi-line strings whose block scalar Go would refuse (a leading tab) or misread (a leading line of spaces). */
const MISREAD_BLOCKS = ['\tx\ny', '\n\tx', '\t\n', '\t\nx', ' \n', '\n \n', '\n \nx'];

describe('multi-line strings Go misreads as block scalars', () => {
  test('reach kubectl kustomize (go-yaml) as they are, as ConfigMap data and list items', () => {
    expect.hasAssertions();
    const data = Object.fromEntries(MISREAD_BLOCKS.map((text, i) => [`k${i}`, text]));
    const dir = mkdtempSync(join(tmpdir(), 'misread-blocks-'));
    try {
      const objects = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', args: MISREAD_BLOCKS }] } },
      ];
      writeFileSync(join(dir, 'objects.yaml'), toYaml(...objects));
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [objects.yaml]\n');
      const read = YAML.parseAllDocuments(execFileSync(requireTool('kubectl'), ['kustomize', dir]).toString()).map((d) => d.toJSON());
      expect(read.map((o) => o.data ?? o.spec.containers[0].args)).toEqual([data, MISREAD_BLOCKS]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('others, such as scripts, stay block scalars as cdk8s writes them', () => {
    expect.hasAssertions();
    const blocks = ['#!/bin/bash\nset -e\n', 'line\n  indented\n', 'x\n\ty', ' x\ny', 'a\n\n'];
    expect(blocks.map((text) => toYaml({ text }))).toEqual(blocks.map((text) => cdk8sYaml({ text })));
  });
});

describe('the yaml package toYaml falls back to', () => {
  test('is the version cdk8s bundles, whose output toYaml reproduces', () => {
    const version = (packageJson: string) => (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
    const cdk8sCopy = join(dirname(require.resolve('cdk8s/package.json')), 'node_modules', 'yaml', 'package.json');
    expect(version(require.resolve('yaml/package.json'))).toBe(version(cdk8sCopy));
  });
});
