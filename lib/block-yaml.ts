import * as YAML from 'yaml';
import { sealedKeys, sealedYamlTexts } from './sealed';

/**
 * Strings Go's YAML decoders read as numbers though YAML 1.1 reads them as
 * strings: go-yaml (kubectl, kustomize, Helm, Argo CD, Flux) drops every `_`
 * after the first character and reads the rest as Go reads a number literal
 * (`0o17`, `0X1F`, `0B1`, `+0o7`, `1e1_0`). Unquoted, `kubectl kustomize`
 * turns such a label or ConfigMap value into a number. Each atom may be
 * followed by underscores; the first character is never one.
 */
const GO_NUMBER = new RegExp(
  [
    '^(?:[-+]_*)?(?:',
    '0_*[bB]_*(?:[01]_*)+',
    '|0_*[oO]_*(?:[0-7]_*)+',
    '|0_*[xX]_*(?:[0-9a-fA-F]_*)+',
    '|(?:\\._*(?:[0-9]_*)+|(?:[0-9]_*)+(?:\\._*(?:[0-9]_*)*)?)(?:[eE]_*(?:[-+]_*)?(?:[0-9]_*)+)?',
    ')$',
  ].join(''),
);

/**
 * A scalar tag the `yaml` package only tests strings against when it writes
 * them: one that GO_NUMBER matches is quoted, as one YAML 1.1 reads as
 * another type is. It never writes a value (identify) nor reads one (we do
 * not parse with these options).
 */
const GO_NUMBER_STRINGS: YAML.ScalarTag = {
  tag: 'tag:mountpoint-s3-spark,2026:go-number',
  default: true,
  identify: () => false,
  test: GO_NUMBER,
  resolve: (text: string) => text,
};

/**
 * The options cdk8s' `Yaml.stringify` gives the `yaml` package: YAML 1.1
 * (so `yes`, `0777` or `1:20` stay strings for older parsers) and no line
 * folding; and strings Go reads as numbers quoted (GO_NUMBER), which cdk8s
 * writes plain.
 */
export const CDK8S_YAML_OPTIONS = {
  keepUndefined: true,
  lineWidth: 0,
  version: '1.1',
  customTags: [GO_NUMBER_STRINGS] as YAML.Tags,
} as const;

/** The fallback for what the fast walk below leaves to the `yaml` package: the same result, built through its document model. */
function yamlPackageText(json: unknown, options: YAML.ToStringOptions = {}): string {
  return YAML.stringify(json, { ...CDK8S_YAML_OPTIONS, ...options });
}

/**
 * Multi-line strings the `yaml` package writes as a block scalar that Go's
 * YAML decoders misread or refuse: a tab before the first character that is
 * not white space (go-yaml, so `kubectl kustomize`, refuses the file: "found
 * a tab character where an indentation space is expected"), or a line of
 * spaces alone before it (its spaces are lost: `" \n"` reads as `"\n"`).
 * The walk has the package write them double-quoted instead.
 */
export const MISREAD_AS_BLOCK = /^[ \n]*\t|^\n*[ ]+(\n|$)/;

/**
 * The scalar types YAML 1.1 resolves a plain scalar to, other than string
 * (null, bool, int, float, timestamp): the package quotes a string one of
 * them matches. (`<<`, the merge key, is written plain: the package takes
 * that string for the merge tag, which writes it as it is.)
 */
const IMPLICIT_TAGS: readonly RegExp[] = new YAML.Document(null, CDK8S_YAML_OPTIONS).schema.tags.flatMap((tag) =>
  tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && 'test' in tag && tag.test instanceof RegExp ? [tag.test] : [],
);

/** The tests of IMPLICIT_TAGS as one expression (one native scan instead of a dozen); kept apart should one carry flags. */
const IMPLICIT_TAG_TESTS: readonly RegExp[] = IMPLICIT_TAGS.every((test) => test.flags === '')
  ? [new RegExp(IMPLICIT_TAGS.map((test) => `(?:${test.source})`).join('|'))]
  : IMPLICIT_TAGS;

/**
 * Strings the `yaml` package writes as they are (plain) both as a key and as
 * a value, at any indentation: one line of printable characters that starts
 * with no indicator (`-`, `?`, `:`, quotes, `#`, `&`, `%`, …), holds no `: `
 * or ` #`, ends with neither a space nor `:`, and that YAML 1.1 would not
 * read as another type. Anything else is left to the package itself.
 */
const PLAIN_SHAPE =
  /^[^\s,[\]{}#&*!|>'"%@`?:\-.\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff][^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]*$/;
const NOT_PLAIN_INSIDE = /: |\t| #|[\s:]$/;

/**
 * Characters that leave a one-line string unchanged inside double quotes:
 * no control character, quote, backslash, line or paragraph separator or
 * lone surrogate.
 */
const QUOTABLE_AS_IS = /^[^\x00-\x1f\x7f-\x9f"'\\\u2028\u2029\ud800-\udfff]*$/;

/** How a string is written when the walk writes it itself; `package` leaves it to the `yaml` package. */
type StringStyle = 'plain' | 'double-quoted' | 'package';

/**
 * Styles of the latest strings, by a cheap hash of the text: texts repeat (label keys, names, field
 * names), the tests need not. Fixed slots, never grown nor cleared: a Map of 100,000 node labels cost
 * more to grow and to collect than the tests it saved; a slot taken by another text is only a miss.
 */
const STYLE_SLOTS = 4096;
const slotTexts: Array<string | undefined> = new Array<string | undefined>(STYLE_SLOTS).fill(undefined);
const slotStyles: StringStyle[] = new Array<StringStyle>(STYLE_SLOTS).fill('package');

function styleSlot(text: string): number {
  const n = text.length;
  return n === 0 ? 0 : (n * 97 + text.charCodeAt(0) * 31 + text.charCodeAt(n - 1) * 7 + text.charCodeAt(n >> 1)) & (STYLE_SLOTS - 1);
}

/**
 * `plain` for the strings PLAIN_SHAPE allows; `double-quoted` for one that
 * YAML 1.1 would read as another type (`"true"`, `"0"`, `""`) and that has
 * nothing to escape: the package quotes such a string, and without quotes
 * inside it, in double quotes.
 */
function styleOf(text: string): StringStyle {
  const slot = styleSlot(text);
  if (slotTexts[slot] === text) return slotStyles[slot];
  const implicit = IMPLICIT_TAG_TESTS.some((test) => test.test(text));
  let style: StringStyle;
  if (!implicit && PLAIN_SHAPE.test(text) && !NOT_PLAIN_INSIDE.test(text)) style = 'plain';
  else style = implicit && QUOTABLE_AS_IS.test(text) ? 'double-quoted' : 'package';
  slotTexts[slot] = text;
  slotStyles[slot] = style;
  return style;
}

/** Thrown where the walk meets what only the package's own document model writes right (a key longer than 1,024 characters). */
class NeedsYamlPackage extends Error {}

const MAX_IMPLICIT_KEY_LENGTH = 1024;

/**
 * One YAML document, byte for byte as cdk8s' `Yaml.stringify` writes
 * `JSON.parse(JSON.stringify(value))`, without building the `yaml` package's
 * document model (a node, a pair and several context objects per value,
 * most of the time of a large synth). Block style, two-space indentation,
 * sequences indented under their key, empty collections as `[]`/`{}`;
 * strings the package might quote or write as a block scalar are written by
 * the package itself, in a document that puts them at the same indentation.
 * The JSON conversion happens on the way (toJSON, undefined members left out,
 * non-finite numbers as null), so no copy of the value is made.
 */
export function stringifyYamlDocument(value: unknown): string {
  const json = jsonValue(value, '');
  if (json !== null && typeof json === 'object') {
    const text = documentText(json, undefined);
    if (text !== undefined) return text;
  }
  return yamlPackageText(JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Changes to the texts and numbers of a document made as it is written,
 * instead of in a copy of it: a tokenized app's objects are written with
 * their values put back (lib/helm/plain-yaml.ts).
 */
export interface YamlSubstitution {
  /** A string, as written. */
  value(text: string): string;
  /** A map key, as written. */
  key(text: string): string;
  /** A number, as written (a number, or a string when the substitution makes it one). */
  number(value: number): string | number;
  /** Whether nothing in a sealed collection (lib/sealed.ts) changes: its text, kept with it, is written. */
  unchanged(node: object): boolean;
}

/**
 * `stringifyYamlDocument` of `value` with `substitution` made as it is
 * written; undefined for a document only the `yaml` package writes right
 * (a scalar, a key longer than 1,024 characters): write a changed copy of
 * it instead.
 */
export function substitutedYamlDocument(value: unknown, substitution: YamlSubstitution): string | undefined {
  const json = jsonValue(value, '');
  return json !== null && typeof json === 'object' ? documentText(json, substitution) : undefined;
}

function documentText(json: object, substitution: YamlSubstitution | undefined): string | undefined {
  try {
    const out: string[] = [];
    collection(json, 0, out, substitution);
    out.push('\n');
    return out.join('');
  } catch (error) {
    if (!(error instanceof NeedsYamlPackage)) throw error;
    return undefined;
  }
}

/** What JSON.stringify makes of a value before writing it: toJSON applied, boxed primitives unwrapped, non-finite numbers null; undefined where JSON leaves the member out. */
function jsonValue(value: unknown, key: string | number): unknown {
  if (value === null) return null;
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return jsonValue(toJSON.call(value, String(key)), key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return jsonValue(value.valueOf(), key);
    return value;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON does
    default:
      return undefined;
  }
}

/**
 * Texts around the items of collections, by depth (a depth is two spaces of
 * indentation), made once rather than per collection: `INDENTS[d]`, a new
 * line and that indentation, the same followed by a dash, and a colon
 * followed by them (after a key whose value is a non-empty collection).
 */
const INDENTS = [''];
const SEPARATORS = ['\n'];
const DASH_SEPARATORS = ['\n- '];
const COLON_SEPARATORS = [':\n'];

function growIndents(depth: number): void {
  while (INDENTS.length <= depth) {
    const indent = `${INDENTS[INDENTS.length - 1]}  `;
    INDENTS.push(indent);
    SEPARATORS.push(`\n${indent}`);
    DASH_SEPARATORS.push(`\n${indent}- `);
    COLON_SEPARATORS.push(`:\n${indent}`);
  }
}

/**
 * An array or object whose context indentation is `depth` levels, written to
 * `out` (its items a new line and that indentation apart); `[]` / `{}` when
 * empty. One list of pieces for the whole document, joined once, and no
 * piece made by joining others: joining per collection would copy a deep
 * map's text once per level (a DaemonSet of 100,000 node labels is 14 MB),
 * and joining a key to its value, once per line.
 */
function collection(json: object, depth: number, out: string[], substitution: YamlSubstitution | undefined): void {
  const texts = sealedYamlTexts(json);
  if (texts !== undefined && (substitution === undefined || substitution.unchanged(json)))
    out.push((texts[depth] ??= sealedText(json, depth)));
  else {
    const names = Array.isArray(json) ? undefined : texts === undefined ? Object.keys(json) : (sealedKeys(json) ?? Object.keys(json));
    collectionPieces(json, names, depth, out, substitution);
  }
}

/** The text of a sealed collection (`lib/sealed.ts`), made once per depth and kept with it: it cannot change, and some are written several times. */
function sealedText(json: object, depth: number): string {
  const pieces: string[] = [];
  collectionPieces(json, Array.isArray(json) ? undefined : (sealedKeys(json) ?? Object.keys(json)), depth, pieces, undefined);
  return pieces.join('');
}

/** The pieces of `collection`; `names`, the keys of a map (undefined for a list). */
function collectionPieces(
  json: object,
  names: readonly string[] | undefined,
  depth: number,
  out: string[],
  substitution: YamlSubstitution | undefined,
): void {
  const start = out.length;
  if (INDENTS.length <= depth + 1) growIndents(depth + 1);
  if (names === undefined) {
    const list = json as unknown[];
    const dashSeparator = DASH_SEPARATORS[depth];
    for (let i = 0; i < list.length; i++) {
      const item = jsonValue(list[i], i);
      out.push(out.length === start ? '- ' : dashSeparator);
      if (item !== null && typeof item === 'object') collection(item, depth + 1, out, substitution);
      else out.push(scalar(item === undefined ? null : item, depth + 1, substitution));
    }
    if (out.length === start) out.push('[]');
  } else {
    const record = json as Record<string, unknown>;
    const separator = SEPARATORS[depth];
    const colonSeparator = COLON_SEPARATORS[depth + 1];
    for (const name of names) {
      const item = jsonValue(record[name], name);
      if (item === undefined) continue;
      const keyText = key(substitution === undefined ? name : substitution.key(name), depth + 1);
      if (out.length !== start) out.push(separator);
      out.push(keyText);
      if (item !== null && typeof item === 'object') {
        // A non-empty collection starts on the next line; an empty one, `[]` or `{}`, stays on the key's.
        const at = out.length;
        out.push(colonSeparator);
        collection(item, depth + 1, out, substitution);
        if (out.length === at + 2 && (out[at + 1] === '[]' || out[at + 1] === '{}')) out[at] = ': ';
      } else out.push(': ', scalar(item, depth + 1, substitution));
    }
    if (out.length === start) out.push('{}');
  }
}

/** A JSON scalar (null, string, number, boolean) whose context indentation is `depth` levels. */
function scalar(json: unknown, depth: number, substitution: YamlSubstitution | undefined): string {
  if (json === null) return 'null';
  switch (typeof json) {
    case 'string':
      return string(substitution === undefined ? json : substitution.value(json), depth, 'value');
    case 'number':
      return substitution === undefined ? JSON.stringify(json) : scalar(substitution.number(json), depth, undefined);
    default:
      return json ? 'true' : 'false';
  }
}

function key(name: string, depth: number): string {
  const text = string(name, depth, 'key');
  // A longer key is written as an explicit `? key` by the package.
  if (text.length > MAX_IMPLICIT_KEY_LENGTH || text.includes('\n')) throw new NeedsYamlPackage();
  return text;
}

function string(text: string, depth: number, role: 'key' | 'value'): string {
  switch (styleOf(text)) {
    case 'plain':
      return text;
    case 'double-quoted':
      return `"${text}"`;
    default:
      return packageString(text, INDENTS[depth], role);
  }
}

/** `inner` as the value of `k:` nested `depth` maps deep. */
function nestedUnder(depth: number, inner: object): object {
  let document = inner;
  for (let i = 0; i < depth; i++) document = { k: document };
  return document;
}

/** Characters of the `depth` lines `k:`, `  k:`, … that open the innermost map of nestedUnder. */
function outerLinesLength(depth: number): number {
  let length = 0;
  for (let i = 0; i < depth; i++) length += 2 * i + 'k:\n'.length;
  return length;
}

/** Strings written by the `yaml` package, by role, indentation and text. */
const packageStrings = new Map<string, string>();
const PACKAGE_STRINGS_LIMIT = 10_000;

/**
 * `text` as the `yaml` package writes it as a map value (or key) whose
 * context indentation is `indent`: taken from a document of nested maps
 * that puts it at that indentation, which is all its rendering depends on.
 */
function packageString(text: string, indent: string, role: 'key' | 'value'): string {
  const cacheKey = `${role}${indent.length}:${text}`;
  let result = packageStrings.get(cacheKey);
  if (result === undefined) {
    const depth = indent.length / 2 - 1;
    if (role === 'value') {
      const quoted = text.includes('\n') && MISREAD_AS_BLOCK.test(text);
      const document = yamlPackageText(nestedUnder(depth, { k: text }), quoted ? { blockQuote: false } : {});
      result = document.slice(outerLinesLength(depth) + indent.length - 2 + 'k: '.length, -1);
    } else {
      const document = yamlPackageText(nestedUnder(depth, { [text]: 0 }));
      result = document.slice(outerLinesLength(depth) + indent.length - 2, -': 0\n'.length);
    }
    if (packageStrings.size >= PACKAGE_STRINGS_LIMIT) packageStrings.clear();
    packageStrings.set(cacheKey, result);
  }
  return result;
}
