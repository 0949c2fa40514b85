/**
 * How text from a config reaches a Helm template without ever being read as
 * template code. Go's template lexer starts an action at `{{` and nowhere
 * else, so literal text is safe once it holds no `{{` and does not end in `{`
 * (which an action right after it would complete).
 */

import { isSealed, mayBeSealed, sealedSpells } from '../sealed';

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
 * digits no text contains: `absentMarker` for numbers, in one pass over the
 * texts per digit count (a config of 100,000 keys can spell every four-digit
 * number, and trying each against the whole text would take minutes).
 */
export function absentNumber(first: number, texts: readonly string[]): number {
  let spelled: (n: number) => boolean = () => true;
  let width = 0;
  for (let n = first; ; n++) {
    const digits = String(n);
    if (digits.length !== width) {
      width = digits.length;
      spelled = spelledNumbers(texts, width);
    }
    if (!spelled(n)) return n;
  }
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Widths up to which spelledNumbers keeps a flag per number (10 MB at 7 digits) rather than a set of texts. */
const MAX_TABLE_WIDTH = 7;

/**
 * Whether the texts spell a number of `width` digits (a run of that many
 * consecutive digits). The texts are scanned by character (a config's text
 * is megabytes); up to MAX_TABLE_WIDTH digits, each run's value marks a table
 * as the scan goes, with no substring or set entry per run (100,000 label
 * keys hold some 400,000 runs of four digits).
 */
function spelledNumbers(texts: readonly string[], width: number): (n: number) => boolean {
  if (width > MAX_TABLE_WIDTH) {
    const runs = digitRuns(texts, width);
    return (n) => runs.has(String(n));
  }
  const modulus = 10 ** width;
  const table = new Uint8Array(modulus);
  for (const text of texts) {
    let digits = 0;
    let value = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= DIGIT_0 && code <= DIGIT_9) {
        // The last `width` digits as a number; a run with leading zeros marks a shorter number, which no candidate of this width is.
        value = (value * 10 + code - DIGIT_0) % modulus;
        if (++digits >= width) table[value] = 1;
      } else {
        digits = 0;
        value = 0;
      }
    }
  }
  return (n) => table[n] === 1;
}

/** Every run of `width` consecutive digits in the texts. */
function digitRuns(texts: readonly string[], width: number): Set<string> {
  const runs = new Set<string>();
  for (const text of texts) {
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : -1;
      if (code >= DIGIT_0 && code <= DIGIT_9) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        for (let at = start; at + width <= i; at++) runs.add(text.slice(at, at + width));
        start = -1;
      }
    }
  }
  return runs;
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
    if (mayBeSealed(value.length) && isSealed(value) && !sealedSpells(value, [fragment])) return into;
    for (const item of value) stringsSpelling(item, fragment, into);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (mayBeSealed(keys.length) && isSealed(record) && !sealedSpells(record, [fragment])) return into;
    for (const key of keys) {
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
