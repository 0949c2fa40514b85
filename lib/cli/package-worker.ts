import { performance } from 'node:perf_hooks';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { TokenizedApp } from '../helm/tokenized-app';
import { ChartsFor, ChartsRequest, renderCharts } from '../synth/charts';
import type { SynthStage } from '../synth/synthesize';
import { packagePath } from '../package-root';
import { RenderedFiles } from '../rendered-files';
import {
  AppMessage,
  appMessages,
  AppReceiver,
  fromWireError,
  PackedFiles,
  packFiles,
  toWireError,
  unpackFiles,
  WireError,
} from './package-wire';
import { StepTiming, threadCpuMicroseconds } from './progress';
import { describeFiles } from './synth-summary';

/*
 * The Helm chart packaged in a worker thread, beside the main thread's
 * synth and check. The worker runs the very file that started it: in the
 * shipped CLI the bundle build/cli.js, loaded with its V8 code cache
 * (main.ts exports `runPackageWorker` for it), in the compiled tree this
 * module. It only computes: it writes no file, and its result is the same
 * as the in-process package stage's (renderCharts), sent back as bytes.
 */

/** The worker's entry: this file, or the bundle it was bundled into. */
const WORKER_ENTRY = __filename;

/** Code the worker thread starts with: load the entry as bin/ loads the bundle, then run the job. */
const WORKER_SOURCE = `const { workerData } = require('node:worker_threads');
require(workerData.loader).loadCachedModule(workerData.entry).runPackageWorker();`;

interface WorkerData {
  /** build/lib/code-cache.js */
  readonly loader: string;
  readonly entry: string;
  /** The ChartsRequest as JSON: a config is JSON data (validateConfig makes it so), which JSON carries exactly. */
  readonly request: string;
}

/** A step the worker ran, its start in milliseconds since the epoch (`performance.timeOrigin` differs between threads). */
type WorkerStep = StepTiming & { readonly summary: string };

/** What the files of the packed buffer are: the config's chart; the environments' shared chart; each environment's own. */
type ChartsShape = { readonly kind: 'config' } | { readonly kind: 'shared' } | { readonly kind: 'own'; readonly causes: readonly string[] };

type WorkerMessage =
  | { readonly ok: true; readonly shape: ChartsShape; readonly packed: PackedFiles; readonly steps: readonly WorkerStep[] }
  | { readonly ok: false; readonly error: WireError };

/** The chart of a config, or the charts of its environments. */
type Charts = ChartsFor<ChartsRequest>;

/** The worker's result on the main thread: the charts, and the steps it ran with their start on this thread's performance clock. */
export interface WorkerCharts {
  readonly charts: Charts;
  readonly steps: ReadonlyArray<StepTiming & { readonly summary: string }>;
}

/** The worker thread's job, while it runs. */
export interface PackageWorker {
  /** Settles once: the charts, or the error the package stage raised (as in-process), or an internal error if the worker died. */
  readonly result: Promise<WorkerCharts>;
  /**
   * For a config (not environments): gives the worker the tokenized app, or
   * undefined to have it build its own; the worker waits for this, and only
   * the first call counts.
   */
  share(app: TokenizedApp | undefined): void;
  /** Ends the worker (at once, wherever it is); its heap goes with it. */
  stop(): void;
}

/** Whether this code can start a worker: compiled JavaScript can, TypeScript run by ts-jest cannot. */
export function workerAvailable(): boolean {
  return WORKER_ENTRY.endsWith('.js');
}

export function startPackageWorker(request: ChartsRequest): PackageWorker {
  const workerData: WorkerData = {
    loader: packagePath('build', 'lib', 'code-cache.js'),
    entry: WORKER_ENTRY,
    request: JSON.stringify(request),
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
  const result = new Promise<WorkerCharts>((resolve, reject) => {
    worker.once('message', (message: WorkerMessage) => {
      if (message.ok) resolve({ charts: chartsOf(message.shape, unpackFiles(message.packed)), steps: message.steps.map(onThisClock) });
      else reject(fromWireError(message.error));
    });
    worker.once('messageerror', (error) =>
      reject(new Error(`the Helm chart's worker thread sent a message that cannot be read: ${error.message}`)),
    );
    worker.once('error', (error) => reject(new Error(`the worker thread packaging the Helm chart failed: ${error.message}`)));
    // After a message, 'exit' changes nothing: a promise settles once.
    worker.once('exit', (code) =>
      reject(new Error(`the worker thread packaging the Helm chart stopped (exit code ${code}) before it finished`)),
    );
  });
  // When the command fails before it awaits the result, a rejection arriving later is no unhandled one.
  result.catch(() => undefined);
  let shared = false;
  return {
    result,
    share(app) {
      if (shared) return;
      shared = true;
      // The tokenized app its synth stage built (`appMessages`), or nothing: the worker then builds the app itself.
      if (app === undefined) worker.postMessage({} satisfies AppMessage);
      else for (const message of appMessages(app)) worker.postMessage(message);
    },
    stop() {
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      // Unreferenced, a terminating worker does not hold the process open either.
      worker.unref();
      void worker.terminate();
    },
  };
}

function onThisClock(step: WorkerStep): WorkerStep {
  return { ...step, start: step.start - performance.timeOrigin };
}

/**
 * Runs in the worker thread: renders the charts of `workerData.request` and
 * posts them, or the error, to the main thread. A config's chart waits for
 * the main thread's `AppMessage`s (see `appMessages`).
 */
export function runPackageWorker(): void {
  const request = JSON.parse((workerData as WorkerData).request) as ChartsRequest;
  if (!('config' in request)) return packageRequest(request, () => undefined);
  const receiver = new AppReceiver(request.config);
  const read = (message: AppMessage) => {
    if (!receiver.read(message)) return;
    parentPort!.off('message', read);
    packageRequest(request, () => receiver.app());
  };
  parentPort!.on('message', read);
}

/** Renders the charts, from the app the main thread shared if any (read inside the try: its errors are the worker's). */
function packageRequest(request: ChartsRequest, sharedApp: () => TokenizedApp | undefined): void {
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  try {
    const steps: WorkerStep[] = [];
    const charts = renderCharts(request, timedStage(steps), sharedApp());
    const { shape, sets } = shapeOf(charts);
    const packed = packFiles(sets);
    post({ ok: true, shape, packed, steps }, [packed.buffer]);
  } catch (error) {
    post({ ok: false, error: toWireError(error) });
  }
}

/** The stages of the worker, timed as Progress times the main thread's (named as synth.ts names them). */
function timedStage(steps: WorkerStep[]): (environment?: string) => SynthStage {
  return (environment) => (stage, work) => {
    const start = performance.timeOrigin + performance.now();
    const cpuStart = threadCpuMicroseconds();
    const files = work();
    steps.push({
      name: stepName(stage, environment),
      start,
      seconds: (performance.timeOrigin + performance.now() - start) / 1000,
      cpuSeconds: (threadCpuMicroseconds() - cpuStart) / 1e6,
      summary: describeFiles(files),
    });
    return files;
  };
}

/** `package`, or `package prod` for an environment. */
export function stepName(stage: string, environment?: string): string {
  return environment === undefined ? stage : `${stage} ${environment}`;
}

function shapeOf(charts: Charts): { shape: ChartsShape; sets: RenderedFiles[] } {
  if (charts instanceof Map) return { shape: { kind: 'config' }, sets: [charts] };
  if (charts.chart.shared) return { shape: { kind: 'shared' }, sets: [charts.chart.files] };
  return { shape: { kind: 'own', causes: charts.chart.causes }, sets: [...charts.own!] };
}

function chartsOf(shape: ChartsShape, sets: RenderedFiles[]): Charts {
  if (shape.kind === 'config') return sets[0];
  if (shape.kind === 'shared') return { chart: { shared: true, files: sets[0] } };
  return { chart: { shared: false, causes: shape.causes }, own: sets };
}
