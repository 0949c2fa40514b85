import { setFlagsFromString } from 'node:v8';
import type { TokenizedApp } from '../helm/tokenized-app';
import { ChartsFor, ChartsRequest, renderCharts } from '../synth/charts';
import type { SynthStage } from '../synth/synthesize';
import { startPackageWorker, workerAvailable } from './package-worker';
import { Progress } from './progress';

/** The package stage of a synth, started before the other stages and awaited after them. */
export interface Packaging<R extends ChartsRequest> {
  /**
   * Gives the package stage of a config the tokenized app the synth stage
   * built, so that it is built once; without it (or for environments) the
   * package stage builds its own.
   */
  share(app: TokenizedApp): void;
  charts(): Promise<ChartsFor<R>>;
  /** Ends the work if it still runs (the command failed elsewhere); harmless once it is done. */
  stop(): void;
}

/**
 * `always` / `never` package the chart in a worker thread whatever the
 * config's size (tests compare both ways; benchmarks measure both); unset,
 * the size decides.
 */
export const PACKAGE_WORKER_VARIABLE = 'MOUNTPOINT_S3_SPARK_PACKAGE_WORKER';

/**
 * Runs `work` with the package stage of `request` started: in a worker
 * thread, beside the main thread's synth and check, when the config is large
 * enough for that to pay; else in this thread when `work` asks for the
 * charts. However `work` ends, no worker outlives it.
 */
export async function withPackaging<R extends ChartsRequest, T>(
  request: R,
  progress: Progress,
  stageOf: (environment?: string) => SynthStage,
  work: (packaging: Omit<Packaging<R>, 'stop'>) => Promise<T>,
): Promise<T> {
  const packaging = startPackaging(request, progress, stageOf);
  try {
    return await work(packaging);
  } finally {
    packaging.stop();
  }
}

function startPackaging<R extends ChartsRequest>(
  request: R,
  progress: Progress,
  stageOf: (environment?: string) => SynthStage,
): Packaging<R> {
  if (!packageInWorker(request)) {
    let shared: TokenizedApp | undefined;
    return {
      share: (app) => (shared = app),
      charts: async () => renderCharts(request, stageOf, shared),
      stop: () => undefined,
    };
  }
  if (requestSize(request) >= BOUNDED_HEAP_GROWTH_FROM) boundHeapGrowth();
  const worker = startPackageWorker(request);
  return {
    share: (app) => worker.share(app),
    async charts() {
      worker.share(undefined);
      const { charts, steps } = await progress.waitFor('package', worker.result);
      for (const step of steps) progress.add(step, step.summary);
      return charts as ChartsFor<R>;
    },
    stop: () => worker.stop(),
  };
}

/**
 * Teams, buckets and Spark applications (some 500 teams) from which the chart
 * is packaged in a worker: the worker's start (a thread, the bundle, cdk8s
 * once more) costs about 0.2 s of CPU and 50 MB, which the overlap wins back
 * only once the package step is long. Measured on an idle 2-core machine
 * (bench/scale-config.js, pod-csi-90, worker vs main thread, wall): 100 teams
 * 0.85–1.08 vs 0.82 s; 300 teams 1.45–1.62 vs 1.47–1.54 s; 1,000 teams
 * 3.4–3.8 vs 4.1–4.4 s.
 */
export const WORKER_THRESHOLD = 1500;

function packageInWorker(request: ChartsRequest): boolean {
  const chosen = process.env[PACKAGE_WORKER_VARIABLE];
  if (!workerAvailable() || chosen === 'never') return false;
  return chosen === 'always' || requestSize(request) >= WORKER_THRESHOLD;
}

/** Teams, buckets and Spark applications, summed over the environments: what the work grows with. */
function requestSize(request: ChartsRequest): number {
  const configs = 'config' in request ? [request.config] : request.environments.map((environment) => environment.config);
  return configs.reduce((sum, config) => sum + config.teams.length + config.buckets.length + config.sparkApplications.length, 0);
}

/** From this size on (some 3,000 teams) the two threads' heaps grow more slowly. */
export const BOUNDED_HEAP_GROWTH_FROM = 9000;

/**
 * V8 lets a heap grow to up to 4 times what its last full collection kept
 * before it collects again; each thread's heap does so on its own, so two
 * threads of a large synth held twice the garbage one did (10,000 teams:
 * 2.8 GB against 1.5 GB). Growing by half at most keeps them near one
 * thread's peak (1.8 GB) for some more collecting, which V8's helper threads
 * do; below this size it costs CPU (1,000 teams: +13%) and saves nothing.
 * The flag is V8's, process-wide, read at every collection; V8 then no
 * longer takes the bundle's code cache in the worker, which at this size is
 * a fraction of a second.
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}
