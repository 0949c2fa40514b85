import { ChartsFor, ChartsRequest, renderCharts } from '../synth/charts';
import type { SynthStage } from '../synth/synthesize';
import { startPackageWorker, workerAvailable } from './package-worker';
import { Progress } from './progress';

/** The package stage of a synth, started before the other stages and awaited after them. */
interface Packaging<R extends ChartsRequest> {
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
  work: (charts: () => Promise<ChartsFor<R>>) => Promise<T>,
): Promise<T> {
  const packaging = startPackaging(request, progress, stageOf);
  try {
    return await work(() => packaging.charts());
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
    return { charts: async () => renderCharts(request, stageOf), stop: () => undefined };
  }
  const worker = startPackageWorker(request);
  return {
    async charts() {
      const { charts, steps } = await progress.waitFor('package', worker.result);
      for (const step of steps) progress.add(step, step.summary);
      return charts as ChartsFor<R>;
    },
    stop: () => worker.stop(),
  };
}

/** Objects (teams, buckets, Spark applications, per environment) from which a worker thread pays. */
export const WORKER_THRESHOLD = 50;

function packageInWorker(request: ChartsRequest): boolean {
  const chosen = process.env[PACKAGE_WORKER_VARIABLE];
  if (!workerAvailable() || chosen === 'never') return false;
  if (chosen === 'always') return true;
  const configs = 'config' in request ? [request.config] : request.environments.map((environment) => environment.config);
  const size = configs.reduce((sum, config) => sum + config.teams.length + config.buckets.length + config.sparkApplications.length, 0);
  return size >= WORKER_THRESHOLD;
}
