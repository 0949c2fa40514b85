import { paint, terminalFor } from '../../lib/cli/terminal';

const tty = { isTTY: true, write: () => true };
const pipe = { write: () => true };

describe('terminalFor', () => {
  test('a TTY outside CI is interactive and coloured', () => {
    expect(terminalFor(tty, {})).toMatchObject({ interactive: true, color: true });
  });

  test('a pipe or file is neither interactive nor coloured', () => {
    expect(terminalFor(pipe, {})).toMatchObject({ interactive: false, color: false });
  });

  test.each(['true', '1', 'yes'])('CI=%s keeps a TTY line-oriented', (ci) => {
    expect(terminalFor(tty, { CI: ci }).interactive).toBe(false);
  });

  test.each(['false', '0', ''])('CI=%s is not CI', (ci) => {
    expect(terminalFor(tty, { CI: ci }).interactive).toBe(true);
  });

  test('NO_COLOR or TERM=dumb turns colour off on a TTY', () => {
    expect(terminalFor(tty, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalFor(tty, { TERM: 'dumb' }).color).toBe(false);
  });

  test('an empty NO_COLOR does not (no-color.org)', () => {
    expect(terminalFor(tty, { NO_COLOR: '' }).color).toBe(true);
  });

  test('writes go to the stream', () => {
    const written: string[] = [];
    terminalFor({ write: (text: string) => written.push(text) }, {}).write('hello');
    expect(written).toEqual(['hello']);
  });
});

describe('paint', () => {
  test('wraps text in an ANSI style and its reset when colour is on', () => {
    expect(paint({ color: true }, 'red', 'bad')).toBe('\x1b[31mbad\x1b[39m');
  });

  test('leaves text alone when colour is off', () => {
    expect(paint({ color: false }, 'red', 'bad')).toBe('bad');
  });
});
