import { ConfigError, Problem } from '../config/problems';
import { hintsFor } from './hints';
import { paint, Terminal } from './terminal';

/**
 * A config error as lines `FILE: path: message` (the format scripts and
 * tests read), then `hint:` lines where one helps. On a colour terminal the
 * file, path and message are coloured; the characters between them are not.
 */
export function formatConfigError(error: ConfigError, terminal: Pick<Terminal, 'color'>): string {
  const file = paint(terminal, 'bold', printable(error.file));
  const lines = error.problems.map((problem) => problemLine(file, problem, terminal));
  const hints = hintsFor(error.file, error.problems).map((hint) => `${paint(terminal, 'yellow', 'hint:')} ${hint}`);
  return `${[...lines, ...hints].join('\n')}\n`;
}

function problemLine(file: string, problem: Problem, terminal: Pick<Terminal, 'color'>): string {
  const message = paint(terminal, 'red', printable(problem.message));
  return problem.path ? `${file}: ${paint(terminal, 'cyan', printable(problem.path))}: ${message}` : `${file}: ${message}`;
}

/**
 * Text from the input made safe for one terminal line: control characters
 * (a newline in a key, an escape sequence in a file name) are shown escaped,
 * never acted on.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `error: …` / `internal error: …`, the label red on a colour terminal. */
export function formatErrorLine(label: string, message: string, terminal: Pick<Terminal, 'color'>): string {
  return `${paint(terminal, 'red', `${label}:`)} ${message}\n`;
}
