import { Terminal, terminalFor } from './terminal';

/** Where a command writes: its result to standard output, progress to the standard-error terminal. Tests pass their own. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: Terminal;
}

export function processIo(): CommandIo {
  return { stdout: (text) => void process.stdout.write(text), stderr: terminalFor(process.stderr) };
}
