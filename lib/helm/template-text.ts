/**
 * How text from a config reaches a Helm template without ever being read as
 * template code. Go's template lexer starts an action at `{{` and nowhere
 * else, so literal text is safe once it holds no `{{` and does not end in `{`
 * (which an action right after it would complete).
 */

import { mayBeSealed, sealedKeys, sealedWithout } from '../sealed';

/** A `{` that begins `{{`, or ends the text, written as an action printing `{`. */
const OPENING_BRACE = /\{(?=\{|$)/g;

/** `text` as literal template text: Helm renders it back to exactly `text`. */
export function templateLiteral(text: string): string {
  return text.replace(OPENING_BRACE, '{{ "{" }}');
}

/** Lone UTF-16 surrogates, which UTF-8 output writes as U+FFFD and Go's string literals refuse. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` as a Go string literal inside an action. JSON's escapes (`\"`, `\\`,
 * `\n`, `\t`, `\uXXXX`, …) are all Go escapes too, except for lone surrogates.
 */
export function goString(text: string): string {
  return JSON.stringify(text.replace(LONE_SURROGATE, '\ufffd'));
}

/**
 * The first candidate (`candidate(0)`, `candidate(1)`, …) that no text
 * contains: a marker that can stand in for something during a synthesis
 * because nothing else spells it.
 */
export function absentMarker(candidate: (n: number) => string, texts: readonly string[]): string {
  for (let n = 0; ; n++) {
    const marker = candidate(n);
    if (!texts.some((text) => text.includes(marker))) return marker;
  }
}

/**
 * The first number from `first` on (`first`, `first + 1`, …) whose decimal
 * digits no text contains: `absentMarker` for numbers. The texts (a config's
 * text is megabytes) are scanned once, natively, for runs of as many digits
 * as `first` has or more; each digit count is then one pass over those runs
 * (a config of 100,000 keys can spell every four- and five-digit number, and
 * trying each against the whole text would take minutes).
 */
export function absentNumber(first: number, texts: readonly string[]): number {
  const runs = digitRuns(texts, String(first).length);
  let spelled: (n: number) => boolean = () => true;
  let width = 0;
  for (let n = first; ; n++) {
    const digits = String(n);
    if (digits.length !== width) {
      width = digits.length;
      spelled = spelledNumbers(runs, width);
    }
    if (!spelled(n)) return n;
  }
}

/** Every run of at least `least` consecutive digits in the texts, whole. */
function digitRuns(texts: readonly string[], least: number): string[] {
  const pattern = new RegExp(`[0-9]{${least},}`, 'g');
  const runs: string[] = [];
  for (const text of texts) for (const run of text.match(pattern) ?? []) runs.push(run);
  return runs;
}

const DIGIT_0 = 0x30;
/** Widths up to which spelledNumbers keeps a flag per number (10 MB at 7 digits) rather than a set of texts. */
const MAX_TABLE_WIDTH = 7;

/**
 * Whether runs of digits spell a number of `width` digits (as a run of that
 * many consecutive digits). Up to MAX_TABLE_WIDTH digits, each number spelled
 * marks a table, with no substring or set entry per number (100,000 label
 * keys hold some 400,000 runs of four digits).
 */
function spelledNumbers(runs: readonly string[], width: number): (n: number) => boolean {
  if (width > MAX_TABLE_WIDTH) {
    const spelled = new Set<string>();
    for (const run of runs) for (let at = 0; at + width <= run.length; at++) spelled.add(run.slice(at, at + width));
    return (n) => spelled.has(String(n));
  }
  const modulus = 10 ** width;
  const table = new Uint8Array(modulus);
  for (const run of runs) {
    if (run.length < width) continue;
    let value = 0;
    for (let i = 0; i < run.length; i++) {
      // The last `width` digits as a number; one with leading zeros is a shorter number, which no candidate of this width is.
      value = (value * 10 + run.charCodeAt(i) - DIGIT_0) % modulus;
      if (i + 1 >= width) table[value] = 1;
    }
  }
  return (n) => table[n] === 1;
}

/**
 * The shortest `prefix` + `letter` repeated at least `least` times that no text
 * contains: `absentMarker` for a growing run of one letter, in one pass.
 */
export function absentRun(prefix: string, letter: string, least: number, texts: readonly string[]): string {
  const pattern = new RegExp(`${prefix}(${letter}+)`, 'g');
  let longest = 0;
  for (const text of texts) for (const [, run] of text.matchAll(pattern)) longest = Math.max(longest, run.length);
  return prefix + letter.repeat(Math.max(least, longest + 1));
}

/** Calls `visit` with every string of a JSON value, map keys included. */
export function eachString(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) eachString(item, visit);
  else if (value && typeof value === 'object') {
    // Keys, not entries: no pair array per member (charts of 10,000 teams hold millions).
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      visit(key);
      eachString(record[key], visit);
    }
  }
}

/**
 * The strings of a JSON value, map keys included, that contain `fragment`
 * (eachString, but passing over a sealed collection that spells it nowhere).
 */
export function stringsSpelling(value: unknown, fragment: string, into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes(fragment)) into.push(value);
  } else if (Array.isArray(value)) {
    if (mayBeSealed(value.length) && sealedWithout(value, [fragment])) return into;
    for (const item of value) stringsSpelling(item, fragment, into);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (sealedWithout(record, [fragment])) return into;
    for (const key of sealedKeys(record) ?? Object.keys(record)) {
      if (key.includes(fragment)) into.push(key);
      stringsSpelling(record[key], fragment, into);
    }
  }
  return into;
}

/** Every string of a JSON value, map keys included. */
export function allStrings(value: unknown, into: string[] = []): string[] {
  eachString(value, (text) => into.push(text));
  return into;
}

/** Every number of a JSON value, as text (integer tokens), added to `into`. */
export function collectNumbers(value: unknown, into: string[]): string[] {
  if (typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectNumbers(item, into);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) collectNumbers(record[key], into);
  }
  return into;
}
