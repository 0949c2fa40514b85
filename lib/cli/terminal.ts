/**
 * Where the CLI talks to a person: whether a stream is an interactive
 * terminal (progress that rewrites its line) or a log (CI, a pipe, a file:
 * plain lines only), and whether it may be coloured. Commands get a Terminal
 * instead of reading `process` themselves, so tests inject the stream and env.
 */
export interface Terminal {
  readonly write: (text: string) => void;
  /** A terminal a person watches, outside CI: progress may rewrite its current line. */
  readonly interactive: boolean;
  /** ANSI colour allowed: a terminal, and neither NO_COLOR nor TERM=dumb set. */
  readonly color: boolean;
}

/** The part of a Node stream a Terminal needs. */
export interface OutputStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export function terminalFor(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): Terminal {
  const tty = stream.isTTY === true;
  return {
    write: (text) => void stream.write(text),
    interactive: tty && !inCi(env),
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    color: tty && !env.NO_COLOR && env.TERM !== 'dumb',
  };
}

/** CI services set CI (GitHub Actions, GitLab, Jenkins via plugins, Buildkite…); `CI=false` means not. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof STYLES;

/** `text` in `style` when the terminal takes colour, else unchanged. */
export function paint(terminal: Pick<Terminal, 'color'>, style: Style, text: string): string {
  if (!terminal.color || text === '') return text;
  const [on, off] = STYLES[style];
  return `\x1b[${on}m${text}\x1b[${off}m`;
}
