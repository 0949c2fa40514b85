import { randomBytes } from 'node:crypto';
import * as yaml from 'js-yaml';
import { loadBlockYaml } from './block-yaml';
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
let current: { prefix: string; scalars: Scalar11[]; notJson?: boolean } = { prefix: '', scalars: [] };

/**
 * YAML's not-a-number and infinities (`.nan`, `.inf`, `-.inf`): Go's YAML
 * reads them as floats that JSON cannot hold, and kubectl, kustomize and
 * Helm turn YAML into JSON before anything else, so they refuse the whole
 * file (`json: unsupported value: NaN`).
 */
const NOT_JSON_NUMBER = /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

function token(scalar: Scalar11): string {
  return `${current.prefix}${current.scalars.push(scalar) - 1}`;
}

/** js-yaml exports its type definitions; its typings do not say so. */
const core = (yaml as unknown as { types: Record<'null' | 'int' | 'float', yaml.Type> }).types;

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLEANS = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
/** First characters of plain scalars that are not strings: `~ n N t T f F y Y o O`, digits, `+ - .`. */
const SPECIAL_START = new Uint8Array(128);
for (const c of '~nNtTfFyYoO0123456789+-.') SPECIAL_START[c.charCodeAt(0)] = 1;

let resolved: unknown;

/**
 * Every implicit type of a plain scalar in one: YAML 1.2 core (null, bool,
 * int, float) with YAML 1.1's extra booleans and octals ahead of it. Looking
 * at the first character first spares most scalars (keys, names) every
 * lookup and the int and float patterns, which dominated parsing.
 */
function resolvePlain(text: string | null): boolean {
  if (text === null) return false;
  if (text.length === 0) resolved = null;
  else if (text.charCodeAt(0) >= 128 || !SPECIAL_START[text.charCodeAt(0)]) return false;
  else if (text.length <= 5 && NULLS.has(text)) resolved = null;
  else if (text.length <= 5 && BOOLEANS.has(text)) resolved = BOOLEANS.get(text);
  else if (text.length <= 3 && (TRUE_WORDS.has(text) || FALSE_WORDS.has(text))) resolved = token({ text, value: TRUE_WORDS.has(text) });
  else if (OCTAL.test(text)) resolved = token({ text, value: parseInt(text, 8) });
  else if (core.int.resolve(text)) resolved = core.int.construct(text);
  else if (core.float.resolve(text)) {
    resolved = core.float.construct(text);
    if (NOT_JSON_NUMBER.test(text)) current.notJson = true;
  } else return false;
  return true;
}

const plainScalar = new yaml.Type('tag:yaml.org,2002:kubectl-plain-scalar', {
  kind: 'scalar',
  resolve: resolvePlain,
  construct: () => resolved,
});

/** What a plain scalar reads as, for the block reader (block-yaml.ts): the same resolution as js-yaml's. */
export function plainValue(text: string): unknown {
  return resolvePlain(text) ? resolved : text;
}

/** YAML 1.2 core types as kubectl's YAML 1.1 reads plain scalars (a date stays a string, as in Kubernetes). */
const KUBERNETES_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [plainScalar] });

/** A parsed stream; `resolve` turns its tokens into what YAML 1.1 reads and says where they were. */
export interface KubectlYaml {
  readonly documents: unknown[];
  readonly hasYaml11Scalars: boolean;
  /** The block reader read it: no aliases and at most 64 levels, so within every document limit (document-limits.ts) by construction. */
  readonly withinLimits: boolean;
  readonly resolve: (value: unknown) => Yaml11Scalar[];
  /** Whether a plain scalar of the stream is `.nan` or an infinity, which kubectl cannot send (see NOT_JSON_NUMBER). */
  readonly hasNotJsonNumbers: boolean;
}

/** Parses a YAML stream as kubectl reads it; `blockReader: false` makes js-yaml read even plain block YAML (for tests). */
export function loadAllAsKubectl(text: string, { blockReader = true } = {}): KubectlYaml {
  const stream: typeof current = { prefix: `\u0000yaml11-${randomBytes(6).toString('hex')}:`, scalars: [] };
  current = stream;
  try {
    let documents = blockReader ? loadBlockYaml(text, plainValue) : undefined;
    const withinLimits = documents !== undefined;
    if (!documents) {
      stream.scalars.length = 0;
      documents = yaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA });
    }
    return {
      documents,
      hasYaml11Scalars: stream.scalars.length > 0,
      withinLimits,
      resolve: (value) => resolveTokens(value, stream, '', []),
      hasNotJsonNumbers: stream.notJson === true,
    };
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
  const scalarOf = (text: unknown) =>
    typeof text === 'string' && text.startsWith(stream.prefix) ? stream.scalars[Number(text.slice(stream.prefix.length))] : undefined;
  if (!Array.isArray(value) && Object.keys(container).some((key) => scalarOf(key))) {
    const entries = Object.entries(container).map(([key, child]) => [scalarOf(key)?.text ?? key, child] as const);
    for (const key of Object.keys(container)) delete container[key];
    // defineProperty: a key "__proto__" must stay a key, as js-yaml made it.
    for (const [key, child] of entries)
      Object.defineProperty(container, key, { value: child, enumerable: true, writable: true, configurable: true });
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
