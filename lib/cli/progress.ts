import { performance } from 'node:perf_hooks';
import { paint, Terminal } from './terminal';

/** How much a command tells about itself on standard error: `--quiet`, default, `--verbose`. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** One finished step of a command. */
export interface StepRecord {
  readonly name: string;
  readonly seconds: number;
  /** CPU time of the process (user + system) during the step: on a shared machine a steadier measure than `seconds`. */
  readonly cpuSeconds: number;
  /** Counts, e.g. `6,012 objects`; empty when the step has none. */
  readonly summary: string;
}

/**
 * The steps of a multi-step command (load config → synth → package → check
 * → write), timed. On an interactive terminal each step shows while it runs
 * and is then replaced by its line with counts and time; in CI or a pipe the
 * default is silence, `--verbose` gives one plain line per finished step.
 * The work is synchronous, so there is no spinner: nothing could animate it.
 */
export class Progress {
  private readonly records: StepRecord[] = [];
  private readonly started: number;

  constructor(
    private readonly terminal: Terminal,
    readonly verbosity: Verbosity,
    private readonly clock: () => number = () => performance.now(),
    /** Microseconds of CPU time used so far. */
    private readonly cpuClock: () => number = processCpuMicroseconds,
  ) {
    this.started = clock();
  }

  /** Runs `work` as the step `name`; `summarize` turns its result into counts for the step's line. */
  step<T>(name: string, work: () => T, summarize: (result: T) => string = () => ''): T {
    const live = this.terminal.interactive && this.verbosity !== 'quiet';
    if (live) this.terminal.write(paint(this.terminal, 'dim', `… ${name}`));
    const start = this.clock();
    const cpuStart = this.cpuClock();
    let result: T;
    try {
      result = work();
    } catch (error) {
      if (live) this.terminal.write(`\r\x1b[K${paint(this.terminal, 'red', '✗')} ${name}\n`);
      throw error;
    }
    const record = {
      name,
      seconds: (this.clock() - start) / 1000,
      cpuSeconds: (this.cpuClock() - cpuStart) / 1e6,
      summary: summarize(result),
    };
    this.records.push(record);
    if (live) this.terminal.write(`\r\x1b[K${paint(this.terminal, 'green', '✓')} ${this.line(record)}\n`);
    else if (this.verbosity === 'verbose') this.terminal.write(`${this.line(record)}\n`);
    return result;
  }

  /** A line of detail, shown with `--verbose` only. */
  detail(text: string): void {
    if (this.verbosity === 'verbose') this.terminal.write(`  ${paint(this.terminal, 'dim', text)}\n`);
  }

  get steps(): readonly StepRecord[] {
    return this.records;
  }

  /** Seconds since the command started. */
  elapsed(): number {
    return (this.clock() - this.started) / 1000;
  }

  private line(record: StepRecord): string {
    const summary = record.summary ? `  ${record.summary}` : '';
    return `${record.name}${summary}  ${paint(this.terminal, 'dim', formatSeconds(record.seconds))}`;
  }
}

function processCpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`;
}

/** `1 file`, `6,012 objects`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  // Not toLocaleString: loading ICU's number formats costs tens of milliseconds, a tenth of checking 5,000 objects.
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${n === 1 ? noun : plural}`;
}

/** `--quiet` / `--verbose` as commander sets them; both at once is refused by the option definitions. */
export function verbosityOf(opts: { readonly quiet?: boolean; readonly verbose?: boolean }): Verbosity {
  if (opts.quiet) return 'quiet';
  return opts.verbose ? 'verbose' : 'normal';
}
