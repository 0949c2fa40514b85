/**
 * Where a text that JSON.parse refused stops being JSON: V8 gives no
 * position for an unexpected token (`Unexpected token 'o', "…" is not valid
 * JSON`), only a piece of the input, so the place is found by reading the
 * text as JSON's grammar does, up to the first character that cannot
 * continue it. Only for error messages: the text is known to be invalid.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** The offset of the first character of `text` that cannot continue a JSON text (its length if it ends too early). */
export function jsonSyntaxErrorOffset(text: string): number {
  let at = 0;
  const open: string[] = [];
  const skipSpace = (): void => {
    while (at < text.length && WHITESPACE.has(text[at])) at++;
  };
  /** Reads a string at `at`; false with `at` on the character that breaks it. */
  const string = (): boolean => {
    if (text[at] !== '"') return false;
    for (at++; at < text.length;) {
      const c = text[at];
      if (c === '"') return (at++, true);
      if (c < ' ') return false;
      if (c !== '\\') at++;
      else if (text[at + 1] === 'u' && HEX4.test(text.slice(at + 2, at + 6))) at += 6;
      else if (text[at + 1] !== 'u' && ESCAPES.has(text[at + 1])) at += 2;
      else return false;
    }
    return false;
  };
  /** Reads a member's key and its colon, `at` then on the value; false where that fails. */
  const key = (): boolean => {
    skipSpace();
    if (!string()) return false;
    skipSpace();
    return text[at] === ':' && (at++, true);
  };
  const scalar = (): boolean => {
    if (text[at] === '"') return string();
    const literal = LITERALS.find((word) => text.startsWith(word, at));
    if (literal) return ((at += literal.length), true);
    NUMBER.lastIndex = at;
    if (!NUMBER.test(text)) return false;
    at = NUMBER.lastIndex;
    return true;
  };
  for (;;) {
    // A value is due.
    skipSpace();
    const c = text[at];
    if (c === '{' || c === '[') {
      at++;
      skipSpace();
      if (text[at] !== (c === '{' ? '}' : ']')) {
        open.push(c);
        if (c === '{' && !key()) return at;
        continue;
      }
      at++;
    } else if (!scalar()) return at;
    // A value ended: a comma and the next, or the end of what holds it.
    for (;;) {
      skipSpace();
      const within = open[open.length - 1];
      if (within === undefined) return at;
      if (text[at] === ',') {
        at++;
        if (within === '{' && !key()) return at;
        break;
      }
      if (text[at] !== (within === '{' ? '}' : ']')) return at;
      at++;
      open.pop();
    }
  }
}
