import { randomBytes } from 'node:crypto';
import * as yaml from 'js-yaml';
import { pointer, Yaml11Scalar } from './types';

/**
 * kubectl, Helm and kubeconform read YAML through sigs.k8s.io/yaml, i.e.
 * YAML 1.1: an unquoted `on`, `yes`, `y`, `off`, `no`, `n` (any case form
 * 1.1 knows) is a boolean and `0755` an octal number (493). YAML 1.2 reads
 * the words as strings and `0755` as 755. What reaches the API server is the
 * 1.1 reading, so manifests are read that way here too; each such scalar is
 * remembered (`Resource.yaml11Scalars`) so a string field holding one can be
 * reported with its fix (rule `yaml11-scalar`) instead of as a type error.
 */
interface Scalar11 {
  readonly text: string;
  readonly value: boolean | number;
}

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const OCTAL = /^[-+]?0[0-7]+$/;

/**
 * While a stream is parsed, each such scalar becomes a token string (a map
 * key must be a string: js-yaml turns objects into "[object Object]"), and
 * its reading is kept here. The token holds a random part per stream, so no
 * string of the input can pass for one.
 */
let current: { prefix: string; scalars: Scalar11[] } = { prefix: '', scalars: [] };

function token(scalar: Scalar11): string {
  return `${current.prefix}${current.scalars.push(scalar) - 1}`;
}

const yaml11Bool = new yaml.Type('tag:yaml.org,2002:yaml11-bool', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && text.length <= 3 && (TRUE_WORDS.has(text) || FALSE_WORDS.has(text)),
  construct: (text: string) => token({ text, value: TRUE_WORDS.has(text) }),
});

const yaml11Octal = new yaml.Type('tag:yaml.org,2002:yaml11-octal', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && text.length > 1 && (text[0] === '0' || text[1] === '0') && OCTAL.test(text),
  construct: (text: string) => token({ text, value: parseInt(text, 8) }),
});

/** js-yaml exports its type definitions; its typings do not say so. */
const core = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', yaml.Type> }).types;

/** YAML 1.2 core types, plus YAML 1.1's extra booleans and octals ahead of them (a date stays a string, as in Kubernetes). */
const KUBERNETES_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [yaml11Bool, yaml11Octal, core.null, core.bool, core.int, core.float],
});

/** A parsed stream; `resolve` turns its tokens into what YAML 1.1 reads and says where they were. */
export interface KubectlYaml {
  readonly documents: unknown[];
  readonly hasYaml11Scalars: boolean;
  readonly resolve: (value: unknown) => Yaml11Scalar[];
}

/** Parses a YAML stream as kubectl reads it. */
export function loadAllAsKubectl(text: string): KubectlYaml {
  const stream = { prefix: `\u0000yaml11-${randomBytes(6).toString('hex')}:`, scalars: [] as Scalar11[] };
  current = stream;
  try {
    const documents = yaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA });
    return { documents, hasYaml11Scalars: stream.scalars.length > 0, resolve: (value) => resolveTokens(value, stream, '', []) };
  } finally {
    current = { prefix: '', scalars: [] };
  }
}

/**
 * Values become the YAML 1.1 reading (what kubectl sends), keys their text
 * (YAML 1.1 would make `on:` the key "true"; rare, and every checked field
 * name is a plain word). Returns where each value was.
 */
function resolveTokens(value: unknown, stream: { prefix: string; scalars: Scalar11[] }, path: string, out: Yaml11Scalar[]): Yaml11Scalar[] {
  if (value === null || typeof value !== 'object') return out;
  const container = value as Record<string, unknown>;
  const scalarOf = (text: unknown) => (typeof text === 'string' && text.startsWith(stream.prefix) ? stream.scalars[Number(text.slice(stream.prefix.length))] : undefined);
  if (!Array.isArray(value) && Object.keys(container).some((key) => scalarOf(key))) {
    const entries = Object.entries(container).map(([key, child]) => [scalarOf(key)?.text ?? key, child] as const);
    for (const key of Object.keys(container)) delete container[key];
    for (const [key, child] of entries) container[key] = child;
  }
  for (const key of Object.keys(container)) {
    const at = pointer(path, key);
    const scalar = scalarOf(container[key]);
    if (scalar) {
      container[key] = scalar.value;
      out.push({ path: at, text: scalar.text });
    } else resolveTokens(container[key], stream, at, out);
  }
  return out;
}

/** How YAML 1.1 reads `text`, for messages: `the boolean true`, `the number 493`. */
export function yaml11Reading(text: string): string {
  if (TRUE_WORDS.has(text)) return 'the boolean true';
  if (FALSE_WORDS.has(text)) return 'the boolean false';
  return `the number ${parseInt(text, 8)}`;
}
