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
class Yaml11Value {
  constructor(
    readonly text: string,
    readonly value: boolean | number,
  ) {}

  /** Map keys are converted to strings: a key keeps its text. */
  toString(): string {
    return this.text;
  }
}

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const OCTAL = /^[-+]?0[0-7]+$/;

let found = 0;

const yaml11Bool = new yaml.Type('tag:yaml.org,2002:yaml11-bool', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && text.length <= 3 && (TRUE_WORDS.has(text) || FALSE_WORDS.has(text)),
  construct: (text: string) => {
    found++;
    return new Yaml11Value(text, TRUE_WORDS.has(text));
  },
});

const yaml11Octal = new yaml.Type('tag:yaml.org,2002:yaml11-octal', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && text.length > 1 && (text[0] === '0' || text[1] === '0') && OCTAL.test(text),
  construct: (text: string) => {
    found++;
    return new Yaml11Value(text, parseInt(text, 8));
  },
});

/** js-yaml exports its type definitions; its typings do not say so. */
const core = (yaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', yaml.Type> }).types;

/** YAML 1.2 core types, plus YAML 1.1's extra booleans and octals ahead of them (a date stays a string, as in Kubernetes). */
export const KUBERNETES_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [yaml11Bool, yaml11Octal, core.null, core.bool, core.int, core.float],
});

/** Parses a YAML stream as kubectl reads it; `scalarsIn` then lists a document's YAML 1.1 scalars. */
export function loadAllAsKubectl(text: string): { documents: unknown[]; hasYaml11Scalars: boolean } {
  const before = found;
  const documents = yaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA });
  return { documents, hasYaml11Scalars: found !== before };
}

export function isYaml11Value(value: unknown): boolean {
  return value instanceof Yaml11Value;
}

/** Replaces the YAML 1.1 scalars in `value` by what YAML 1.1 reads, and returns where they were. */
export function resolveYaml11Scalars(value: unknown, path = '', out: Yaml11Scalar[] = []): Yaml11Scalar[] {
  if (value === null || typeof value !== 'object') return out;
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    const child = container[key];
    const at = pointer(path, key);
    if (child instanceof Yaml11Value) {
      container[key] = child.value;
      out.push({ path: at, text: child.text });
    } else resolveYaml11Scalars(child, at, out);
  }
  return out;
}

/** How YAML 1.1 reads `text`, for messages: `the boolean true`, `the number 493`. */
export function yaml11Reading(text: string): string {
  if (TRUE_WORDS.has(text)) return 'the boolean true';
  if (FALSE_WORDS.has(text)) return 'the boolean false';
  return `the number ${parseInt(text, 8)}`;
}
