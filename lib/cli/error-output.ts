import { ConfigError, Problem } from '../config/problems';
import { printable } from '../printable';
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

/** `error: …` / `internal error: …`, the label red on a colour terminal. */
export function formatErrorLine(label: string, message: string, terminal: Pick<Terminal, 'color'>): string {
  return `${paint(terminal, 'red', `${label}:`)} ${message}\n`;
}
