import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { paint, Terminal } from './terminal';

/** How much a command tells about itself on standard error: `--quiet`, default, `--verbose`. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** How long a step took, and when it began: seconds since the command started. */
export interface StepTiming {
  readonly name: string;
  readonly start: number;
  readonly seconds: number;
  /**
   * CPU time (user + system) of the thread that ran the step: on a shared
   * machine a steadier measure than `seconds`, and one that steps running at
   * once in two threads do not share (see `threadCpuMicroseconds`).
   */
  readonly cpuSeconds: number;
}

/** One finished step of a command. */
export interface StepRecord extends StepTiming {
  /** Counts, e.g. `6,012 objects`; empty when the step has none. */
  readonly summary: string;
  /** `worker`: the step ran in a worker thread, beside the steps of the main thread. */
  readonly thread: 'main' | 'worker';
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
    /** Microseconds of CPU time this thread used so far. */
    private readonly cpuClock: () => number = threadCpuMicroseconds,
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
      if (live) this.failed(name);
      throw error;
    }
    const timing = {
      name,
      start: (start - this.started) / 1000,
      seconds: (this.clock() - start) / 1000,
      cpuSeconds: (this.cpuClock() - cpuStart) / 1e6,
    };
    this.finish({ ...timing, summary: summarize(result), thread: 'main' }, live);
    return result;
  }

  /**
   * Waits for `pending`, the work of steps that run in a worker thread beside
   * this thread's steps, showing `name` meanwhile; `add` records them.
   */
  async waitFor<T>(name: string, pending: Promise<T>): Promise<T> {
    const live = this.terminal.interactive && this.verbosity !== 'quiet';
    if (live) this.terminal.write(paint(this.terminal, 'dim', `… ${name}`));
    try {
      const result = await pending;
      if (live) this.terminal.write('\r\x1b[K');
      return result;
    } catch (error) {
      if (live) this.failed(name);
      throw error;
    }
  }

  /** A step a worker thread ran; `timing.start` is on this Progress's clock. */
  add(timing: StepTiming, summary = ''): void {
    this.finish(
      { ...timing, start: (timing.start - this.started) / 1000, summary, thread: 'worker' },
      this.terminal.interactive && this.verbosity !== 'quiet',
    );
  }

  /** A line of detail, shown with `--verbose` only. */
  detail(text: string): void {
    if (this.verbosity === 'verbose') this.terminal.write(`  ${paint(this.terminal, 'dim', text)}\n`);
  }

  private finish(record: StepRecord, live: boolean): void {
    this.records.push(record);
    if (live) this.terminal.write(`\r\x1b[K${paint(this.terminal, 'green', '✓')} ${this.line(record)}\n`);
    else if (this.verbosity === 'verbose') this.terminal.write(`${this.line(record)}\n`);
  }

  private failed(name: string): void {
    this.terminal.write(`\r\x1b[K${paint(this.terminal, 'red', '✗')} ${name}\n`);
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
    const beside = record.thread === 'worker' ? overlapping(record, this.records) : [];
    const where = beside.length ? `, in a worker thread beside ${beside.map((step) => step.name).join(', ')}` : '';
    return `${record.name}${summary}  ${paint(this.terminal, 'dim', `${formatSeconds(record.seconds)}${where}`)}`;
  }
}

/** The other steps that ran while `step` did. */
export function overlapping(step: StepTiming, steps: readonly StepTiming[]): StepTiming[] {
  return steps.filter((other) => other !== step && other.start < step.start + step.seconds && step.start < other.start + other.seconds);
}

const THREAD_SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * Microseconds of CPU time the calling thread used so far: Node's
 * `process.threadCpuUsage` (Node 23.9 and later), else Linux's account of
 * the thread (the first field of /proc/thread-self/schedstat, nanoseconds on
 * a CPU), else the whole process's CPU time. V8's helper threads (concurrent
 * garbage collection, background compiling) are not the calling thread:
 * their CPU time is in the command's total, not in a step's.
 */
export function threadCpuMicroseconds(): number {
  const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (threadCpuUsage) return microseconds(threadCpuUsage());
  try {
    return Number(readFileSync(THREAD_SCHEDSTAT, 'latin1').split(' ', 1)[0]) / 1000;
  } catch {
    return microseconds(process.cpuUsage());
  }
}

function microseconds({ user, system }: NodeJS.CpuUsage): number {
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
