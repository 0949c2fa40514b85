/**
 * A fast reader for the YAML that tools write — cdk8s, js-yaml's and
 * Helm's output: block mappings and sequences, plain and one-line quoted
 * scalars, literal block scalars, `[]` / `{}`, comments and `---`.
 *
 * Anything else (flow collections, anchors and aliases, tags, directives,
 * folded or multi-line scalars, `?` keys, tabs, CR, control characters, deep
 * nesting, duplicate keys, anything js-yaml refuses) makes it give up on the
 * whole stream: it returns undefined and js-yaml reads the stream as before.
 * Where it returns documents they are the ones js-yaml returns for the same
 * text and schema, key order included (test/check/block-yaml.test.ts
 * compares the two on every YAML file of the repository, on synth output and
 * on thousands of random documents). Plain scalars get their type from
 * `plain`, the function js-yaml's schema uses, so typing is shared.
 *
 * Why it exists: parsing was about half of `check`'s time on 5,000 objects.
 */

import { ownEntry } from '../map-values';

/** How the schema reads a plain scalar (null, boolean, number, a YAML 1.1 token, or the text). */
export type PlainScalar = (text: string) => unknown;

/** Thrown (one shared instance) to abandon the stream; never leaves this module. */
const GIVE_UP = { giveUp: true };

/**
 * What js-yaml refuses or this reader leaves to it anywhere in a stream:
 * its non-printable characters, NUL, tab, CR, NEL, U+2028/U+2029, BOM, and
 * unpaired surrogates.
 */
const LEAVE_TO_JS_YAML =
  /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Deeper than this is left to js-yaml (its own limit, and MAX_NESTING, are 100 levels). */
const MAX_DEPTH = 64;

/** A plain key longer than this is left to js-yaml (YAML limits implicit keys to 1024 characters). */
const MAX_PLAIN_KEY = 1000;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;

/** First characters a plain scalar cannot have (YAML indicators), `- ? :` only when a space or the line end follows. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

/** The documents of `text` as js-yaml's loadAll reads them with a schema whose plain scalars are `plain`; undefined when it gives up. */
export function loadBlockYaml(text: string, plain: PlainScalar): unknown[] | undefined {
  if (LEAVE_TO_JS_YAML.test(text)) return undefined;
  try {
    return new BlockReader(text, plain).documents();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces of each line; a compact mapping (`- key: value`) moves its first line's to the key's column. */
  private readonly indents: number[] = [];
  /** The line being read, and the first line after the current document. */
  private line = 0;
  private documentEnd = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly plain: PlainScalar,
  ) {
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let indent = start;
      while (indent < end && text.charCodeAt(indent) === SPACE) indent++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(indent - start);
      start = end + 1;
    }
  }

  documents(): unknown[] {
    const lines = this.starts.length;
    const documents: unknown[] = [];
    // js-yaml starts a document unless the text is leading spaces and at most one line break.
    const withBreak = this.text.endsWith('\n') ? this.text.length : this.text.length + 1;
    if (!(lines > 0 && this.indents[0] < withBreak - 1)) return documents;
    const markers: number[] = [];
    for (let line = 0; line < lines; line++) {
      if (this.isMarker(line)) markers.push(line);
      // js-yaml takes `---x` for a marker at a document's start, and `...` ends a document.
      else if (this.startsWith(line, 0, '---') || this.startsWith(line, 0, '...')) throw GIVE_UP;
      else if (this.indents[line] === 0 && this.text.charCodeAt(this.starts[line]) === 0x25 /* % */) throw GIVE_UP;
    }
    markers.push(lines);
    let marker = 0;
    this.line = 0;
    for (;;) {
      this.documentEnd = markers[marker];
      let next = this.nextSignificant();
      if (next < 0 && this.documentEnd < lines) {
        // A marker: its own line may hold only a comment; the document runs to the next one.
        if (!this.isBlankOrComment(this.documentEnd, 3)) throw GIVE_UP;
        this.line = this.documentEnd + 1;
        this.documentEnd = markers[++marker];
        next = this.nextSignificant();
      }
      documents.push(next < 0 ? null : this.node(next));
      if (this.nextSignificant() >= 0) throw GIVE_UP;
      if (this.documentEnd >= lines) return documents;
      this.line = this.documentEnd;
    }
  }

  /** A `---` line (directives end / document start). */
  private isMarker(line: number): boolean {
    const start = this.starts[line];
    const length = this.ends[line] - start;
    return this.startsWith(line, 0, '---') && (length === 3 || this.text.charCodeAt(start + 3) === SPACE);
  }

  private startsWith(line: number, column: number, prefix: string): boolean {
    return this.text.startsWith(prefix, this.starts[line] + column);
  }

  /** Whether the line holds nothing but spaces and perhaps a comment from `column` on. */
  private isBlankOrComment(line: number, column: number): boolean {
    let at = this.starts[line] + column;
    const end = this.ends[line];
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    return at === end || (this.text.charCodeAt(at) === HASH && (at === this.starts[line] || this.text.charCodeAt(at - 1) === SPACE));
  }

  /** The next line of the document with content (not blank, not a comment) from `this.line`, or -1; moves `this.line` to it. */
  private nextSignificant(): number {
    while (this.line < this.documentEnd) {
      const line = this.line;
      const at = this.starts[line] + this.indents[line];
      if (at < this.ends[line] && this.text.charCodeAt(at) !== HASH) return line;
      this.line++;
    }
    return -1;
  }

  /** The node (block mapping or sequence) whose first line is `line`. */
  private node(line: number): unknown {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const indent = this.indents[line];
    const value = this.isSequenceEntry(line) ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return value;
  }

  /** `-` followed by a space or the line end, at the line's indentation. */
  private isSequenceEntry(line: number): boolean {
    const at = this.starts[line] + this.indents[line];
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE;
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (let line = this.nextSignificant(); line >= 0 && this.indents[line] >= indent; line = this.nextSignificant()) {
      if (this.indents[line] > indent || this.isSequenceEntry(line)) throw GIVE_UP;
      const key = this.keyAt(line);
      if (!key) throw GIVE_UP;
      if (Object.prototype.hasOwnProperty.call(result, key.name)) throw GIVE_UP;
      // As js-yaml: `__proto__` becomes an own key, never the prototype.
      ownEntry(result, key.name, this.valueAfterKey(line, key.valueAt, indent));
    }
    return result;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    for (let line = this.nextSignificant(); line >= 0 && this.indents[line] >= indent; line = this.nextSignificant()) {
      if (this.indents[line] > indent) throw GIVE_UP;
      if (!this.isSequenceEntry(line)) break; // the next key of a mapping at the same indentation (`key:\n- a\nnext: b`)
      let at = this.starts[line] + indent + 1;
      while (at < this.ends[line] && this.text.charCodeAt(at) === SPACE) at++;
      const column = at - this.starts[line];
      if (at === this.ends[line] || this.isBlankOrComment(line, column)) {
        this.line = line + 1;
        result.push(this.nestedNode(indent, false));
      } else if (this.text.charCodeAt(at) === DASH && (at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE)) {
        throw GIVE_UP; // `- - a`
      } else if (this.keyAt(line, column)) {
        this.indents[line] = column; // `- key: value`: a mapping at the key's column
        result.push(this.node(line));
      } else {
        result.push(this.scalar(line, at, indent));
      }
    }
    return result;
  }

  /** The value of the key on `line`, which starts at `at` (or the line's end). */
  private valueAfterKey(line: number, at: number, indent: number): unknown {
    const end = this.ends[line];
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    if (at === end || this.text.charCodeAt(at) === HASH) {
      this.line = line + 1;
      return this.nestedNode(indent, true);
    }
    return this.scalar(line, at, indent);
  }

  /** The block node below a key or `-` with no value on its line: more indented, or a sequence at the key's indentation; null when none. */
  private nestedNode(indent: number, sequenceAtSameIndent: boolean): unknown {
    const next = this.nextSignificant();
    if (next < 0) return null;
    if (this.indents[next] > indent) return this.node(next);
    if (sequenceAtSameIndent && this.indents[next] === indent && this.isSequenceEntry(next)) {
      if (++this.depth > MAX_DEPTH) throw GIVE_UP;
      const value = this.sequence(indent);
      this.depth--;
      return value;
    }
    // js-yaml reads a `-` line less indented than an empty node as an entry of the innermost sequence.
    if (this.indents[next] < indent && this.isSequenceEntry(next)) throw GIVE_UP;
    return null;
  }

  /** A scalar starting at `at` on `line`, in a node at `indent`; moves past it. */
  private scalar(line: number, at: number, indent: number): unknown {
    const c = this.text.charCodeAt(at);
    if (c === 0x7c /* | */) return this.literal(line, at, indent);
    let value: unknown;
    let after: number;
    if (c === QUOTE || c === APOSTROPHE) {
      const quoted = c === QUOTE ? this.doubleQuoted(line, at) : this.singleQuoted(line, at);
      value = quoted.value;
      after = quoted.end;
      if (!this.isBlankOrComment(line, after - this.starts[line])) throw GIVE_UP;
      if (after < this.ends[line] && this.text.charCodeAt(after) !== SPACE) throw GIVE_UP;
    } else if ((c === 0x5b /* [ */ || c === 0x7b) /* { */ && this.text.charCodeAt(at + 1) === (c === 0x5b ? 0x5d : 0x7d)) {
      value = c === 0x5b ? [] : {};
      after = at + 2;
      if (after < this.ends[line] && this.text.charCodeAt(after) !== SPACE) throw GIVE_UP;
      if (!this.isBlankOrComment(line, after - this.starts[line])) throw GIVE_UP;
    } else {
      value = this.plain(this.plainText(line, at));
    }
    this.line = line + 1;
    this.noContinuation(indent);
    return value;
  }

  /** The text of a one-line plain scalar value from `at`: to a ` #` comment, trailing spaces cut. */
  private plainText(line: number, at: number): string {
    const end = this.ends[line];
    if (!this.canStartPlain(at, end)) throw GIVE_UP;
    let last = at;
    for (let i = at; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c === HASH && this.text.charCodeAt(i - 1) === SPACE) break;
      if (c === COLON && (i + 1 === end || this.text.charCodeAt(i + 1) === SPACE)) throw GIVE_UP; // `a: b: c`
      if (c !== SPACE) last = i + 1;
    }
    return this.text.slice(at, last);
  }

  private canStartPlain(at: number, end: number): boolean {
    const c = this.text.charCodeAt(at);
    if (c < 128 && NOT_PLAIN_START[c]) return false;
    if (c === DASH || c === 0x3f /* ? */ || c === COLON) return at + 1 < end && this.text.charCodeAt(at + 1) !== SPACE;
    return true;
  }

  /** A scalar on one line may not go on below (a multi-line plain scalar, or an error): the next non-blank line is not more indented. */
  private noContinuation(indent: number): void {
    for (let line = this.line; line < this.documentEnd; line++) {
      if (this.indents[line] === this.ends[line] - this.starts[line]) continue; // blank
      if (this.indents[line] > indent) throw GIVE_UP;
      return;
    }
  }

  /**
   * The key of a mapping entry on `line` at `column` (plain, or quoted on
   * one line, then `:` and a space or the line end): its name as js-yaml
   * stores it, and where its value starts. Undefined when the line holds no key.
   */
  private keyAt(line: number, column = this.indents[line]): { name: string; valueAt: number } | undefined {
    const start = this.starts[line] + column;
    const end = this.ends[line];
    const c = this.text.charCodeAt(start);
    if (c === QUOTE || c === APOSTROPHE) {
      const quoted = c === QUOTE ? this.doubleQuoted(line, start) : this.singleQuoted(line, start);
      if (this.text.charCodeAt(quoted.end) !== COLON) return undefined;
      if (quoted.end + 1 < end && this.text.charCodeAt(quoted.end + 1) !== SPACE) return undefined;
      return { name: quoted.value, valueAt: quoted.end + 1 };
    }
    if (!this.canStartPlain(start, end)) return undefined;
    for (let i = start; i < end; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === HASH && this.text.charCodeAt(i - 1) === SPACE) return undefined;
      if (ch === COLON && (i + 1 === end || this.text.charCodeAt(i + 1) === SPACE)) {
        if (this.text.charCodeAt(i - 1) === SPACE || i - start > MAX_PLAIN_KEY) throw GIVE_UP;
        const text = this.text.slice(start, i);
        const value = this.plain(text);
        // js-yaml makes any key a string; a YAML 1.1 token key becomes its text again (yaml11.ts).
        if (typeof value !== 'string' && String(value) !== text) throw GIVE_UP;
        return { name: text, valueAt: i + 1 };
      }
    }
    return undefined;
  }

  /** A single-quoted scalar that ends on its line; `end` is just past the closing quote. */
  private singleQuoted(line: number, at: number): { value: string; end: number } {
    const end = this.ends[line];
    let value = '';
    let from = at + 1;
    for (let i = from; i < end; i++) {
      if (this.text.charCodeAt(i) !== APOSTROPHE) continue;
      value += this.text.slice(from, i);
      if (this.text.charCodeAt(i + 1) === APOSTROPHE && i + 1 < end) {
        value += "'";
        from = ++i + 1;
        continue;
      }
      return { value, end: i + 1 };
    }
    throw GIVE_UP; // it goes on on the next line
  }

  /** A double-quoted scalar that ends on its line, escapes decoded as js-yaml decodes them. */
  private doubleQuoted(line: number, at: number): { value: string; end: number } {
    const end = this.ends[line];
    let value = '';
    let from = at + 1;
    for (let i = from; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c === QUOTE) return { value: value + this.text.slice(from, i), end: i + 1 };
      if (c !== BACKSLASH) continue;
      value += this.text.slice(from, i);
      const escape = this.text.charCodeAt(++i);
      const simple = SIMPLE_ESCAPES.get(escape);
      if (simple !== undefined && i < end) {
        value += simple;
      } else {
        const digits = escape === 0x78 /* x */ ? 2 : escape === 0x75 /* u */ ? 4 : escape === 0x55 /* U */ ? 8 : 0;
        const hex = this.text.slice(i + 1, i + 1 + digits);
        if (!digits || i + digits >= end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw GIVE_UP;
        value += fromCodePoint(parseInt(hex, 16));
        i += digits;
      }
      from = i + 1;
    }
    throw GIVE_UP; // it goes on on the next line
  }

  /** A literal block scalar (`|`, `|-`) whose header is at `at` on `line`, below a node at `indent`. */
  private literal(line: number, at: number, indent: number): string {
    let header = at + 1;
    const strip = this.text.charCodeAt(header) === DASH;
    if (strip) header++;
    // `|+`, an explicit indentation, or anything but a comment after the header: left to js-yaml.
    if (header < this.ends[line] && this.text.charCodeAt(header) !== SPACE) throw GIVE_UP;
    if (!this.isBlankOrComment(line, header - this.starts[line])) throw GIVE_UP;
    let next = line + 1;
    let emptyLines = 0;
    const blank = (l: number) => this.indents[l] === this.ends[l] - this.starts[l];
    while (next < this.documentEnd && blank(next)) {
      if (this.ends[next] > this.starts[next]) throw GIVE_UP; // spaces before the first line of content
      emptyLines++;
      next++;
    }
    this.line = next;
    if (next >= this.documentEnd || this.indents[next] <= indent) return '';
    const textIndent = this.indents[next];
    let value = '\n'.repeat(emptyLines);
    emptyLines = 0;
    for (; next < this.documentEnd; next++) {
      if (blank(next)) {
        if (this.ends[next] - this.starts[next] > textIndent) throw GIVE_UP; // spaces only, more than the indentation
        emptyLines++;
      } else if (this.indents[next] < textIndent) {
        break;
      } else {
        value += `${'\n'.repeat(emptyLines)}${this.text.slice(this.starts[next] + textIndent, this.ends[next])}\n`;
        emptyLines = 0;
      }
    }
    this.line = next;
    return strip ? value.slice(0, -1) : value;
  }
}

/** js-yaml's one-character escapes after `\` in double quotes. */
const SIMPLE_ESCAPES = new Map<number, string>(
  Object.entries({
    '0': '\x00',
    a: '\x07',
    b: '\x08',
    t: '\x09',
    n: '\x0A',
    v: '\x0B',
    f: '\x0C',
    r: '\x0D',
    e: '\x1B',
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    N: '\x85',
    _: '\xA0',
    L: '\u2028',
    P: '\u2029',
  }).map(([c, v]) => [c.charCodeAt(0), v]),
);

/** As js-yaml: a code point above U+FFFF becomes a surrogate pair, without a range check. */
function fromCodePoint(c: number): string {
  if (c <= 0xffff) return String.fromCharCode(c);
  return String.fromCharCode(((c - 0x010000) >> 10) + 0xd800, ((c - 0x010000) & 0x03ff) + 0xdc00);
}
