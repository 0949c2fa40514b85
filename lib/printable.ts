/**
 * Text from the input made safe for one line of a terminal, a log or an XML
 * attribute: control characters (a newline in a key, an escape sequence in a
 * file name, a byte XML 1.0 cannot carry) and the Unicode line and paragraph
 * separators are shown escaped as `\uXXXX`, never acted on.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
