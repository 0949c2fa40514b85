import { RenderedFiles } from '../rendered-files';
import { count, overlapping, StepRecord } from './progress';

/** What `synth --output json` prints: one JSON object on standard output. */
export interface SynthSummary {
  readonly config: string;
  readonly out: string;
  /** `written`; with `--check`, `up-to-date` or `out-of-date`; `invalid` when the check failed and nothing was written. */
  readonly result: 'written' | 'up-to-date' | 'out-of-date' | 'invalid';
  /** The files synth wrote (or, unless `written`, would write), by path relative to `out`. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  readonly objects: { readonly total: number; readonly byKind: Readonly<Record<string, number>> };
  /** The manifest check; `not-run` with `--no-check` and `--check`. */
  readonly check: CheckSummary;
  /** With `--check`: the paths that differ from `out`. */
  readonly differing?: readonly string[];
  /**
   * Each step as it finished: when it began (seconds since the command
   * started), its wall-clock time, the CPU time (user + system) of the thread
   * that ran it, that thread (`worker`: the Helm chart, packaged beside the
   * other steps), and whether another step ran at the same time.
   */
  readonly steps: ReadonlyArray<{
    readonly name: string;
    readonly start: number;
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly thread: 'main' | 'worker';
    readonly parallel: boolean;
  }>;
  readonly seconds: number;
  /** CPU time of the whole process: every thread, V8's helpers included. */
  readonly cpuSeconds: number;
}

export type CheckSummary =
  | { readonly verdict: 'not-run' }
  | {
      readonly verdict: 'valid' | 'invalid';
      readonly kubernetesVersion: string;
      readonly resources: number;
      readonly valid: number;
      readonly invalid: number;
      readonly skipped: number;
    };

/**
 * Objects per kind in the rendered bundles, sorted by kind. cdk8s writes
 * each object's `kind` at column 0 and everything nested indented, so a
 * line scan counts documents without parsing thousands of them again.
 */
export function objectsByKind(files: RenderedFiles): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [path, text] of files) {
    if (!path.startsWith('manifests/') || !path.endsWith('.k8s.yaml') || typeof text !== 'string') continue;
    for (const match of text.matchAll(/^kind: (\S+)$/gm)) counts[match[1]] = (counts[match[1]] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function totalObjects(byKind: Readonly<Record<string, number>>): number {
  return Object.values(byKind).reduce((sum, n) => sum + n, 0);
}

/** The counts on a stage's progress line: `6,012 objects, 1,012 files`. */
export function describeFiles(files: RenderedFiles, byKind = objectsByKind(files)): string {
  const objects = totalObjects(byKind);
  return [objects ? count(objects, 'object') : '', count(files.size, 'file')].filter(Boolean).join(', ');
}

export function fileList(files: RenderedFiles): SynthSummary['files'] {
  return [...files].map(([path, content]) => ({ path, bytes: Buffer.byteLength(content) })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function stepList(steps: readonly StepRecord[]): SynthSummary['steps'] {
  return steps.map((step) => ({
    name: step.name,
    start: roundSeconds(step.start),
    seconds: roundSeconds(step.seconds),
    cpuSeconds: roundSeconds(step.cpuSeconds),
    thread: step.thread,
    parallel: overlapping(step, steps).length > 0,
  }));
}

/** CPU seconds the process used so far, every thread included. */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
