import { Environment } from '../config/environments';
import { Config } from '../config/schema';
import { renderHelmChart } from '../helm/render-chart';
import { TokenizedApp } from '../helm/tokenized-app';
import { RenderedFiles } from '../rendered-files';
import { EnvironmentsPackage, packageEnvironments } from './environments';
import { faultPoint } from './fault-point';
import { SynthStage } from './synthesize';

/**
 * The package stage of `synth` on its own: the Helm chart of a config, or
 * of each of its environments (and whether they share one). It needs only
 * the configs, so the CLI runs it beside the other stages.
 */
export type ChartsRequest = { readonly config: Config } | { readonly environments: readonly Environment[] };

/** The chart of a config (its files), or the charts of its environments. */
export type ChartsFor<R extends ChartsRequest> = R extends { readonly config: Config } ? RenderedFiles : EnvironmentsPackage;

/** `app`, when given, is the config's tokenized app, which the synth stage built already. */
export function renderCharts<R extends ChartsRequest>(
  request: R,
  stageOf: (environment?: string) => SynthStage,
  app?: TokenizedApp,
): ChartsFor<R> {
  const charts =
    'config' in request
      ? stageOf()('package', () => renderHelmChart(request.config, app))
      : packageEnvironments((request as { environments: readonly Environment[] }).environments, stageOf);
  faultPoint('package');
  return charts as ChartsFor<R>;
}
