import { execFileSync } from 'child_process';
import { shellQuote, shellWords } from '../../lib/scripts/shell';

/** What bash makes of `words`: each resulting argument on its own, NUL-terminated. */
function bashArgs(words: string): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${words}`]).toString();
  return out.split('\0').slice(0, -1);
}

const NASTY = [
  '',
  "'",
  "it's",
  "'$(touch /tmp/pwned)'",
  '`id`',
  '$HOME ${PATH} $((1+1))',
  '"double" \\back\\slash',
  'two\nlines\tand tab',
  '* ? [a-z] ~ ! # ; & | < >',
  'ünïcødé ✓',
];

describe('shellQuote', () => {
  test.each(NASTY)('bash reads %j back as exactly that one argument', (value) => {
    expect(bashArgs(shellQuote(value))).toEqual([value]);
  });

  test('wraps plain values in single quotes', () => {
    expect(shellQuote('us-west-2')).toBe("'us-west-2'");
  });

  test('rejects NUL, which no shell string can hold', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('shellWords', () => {
  test('keeps every value a separate argument', () => {
    expect(bashArgs(shellWords(NASTY))).toEqual(NASTY);
  });
});
