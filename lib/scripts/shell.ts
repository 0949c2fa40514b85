/**
 * Quotes `value` as one POSIX shell word: single quotes keep every character
 * literal, and an embedded `'` becomes `'\''` (close, escaped quote, reopen).
 * Shell strings cannot hold NUL, so a NUL is rejected rather than silently
 * truncating the value.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new Error('shell values cannot contain a NUL character');
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `shellQuote` for each value, space-separated: the body of a bash array or an argument list. */
export function shellWords(values: readonly string[]): string {
  return values.map(shellQuote).join(' ');
}
