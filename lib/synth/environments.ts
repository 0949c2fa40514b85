import { Environment } from '../config/environments';
import { renderHelmChart } from '../helm/render-chart';
import { OVERVIEW_PATH } from '../overview/overview';
import { renderEnvironmentsOverview } from '../overview/environments';
import { EnvironmentOutput, environmentsChart, EnvironmentsChart } from './environment-chart';
import { RenderedFiles } from '../rendered-files';
import { Bundles, renderBundles, SynthStage, withGitOps } from './synthesize';

/** Each environment's files, and the Helm chart: shared by all (`DIR/helm/`), or each environment's own (in its files). */
export interface EnvironmentsSynthesis {
  readonly outputs: readonly EnvironmentOutput[];
  readonly chart: EnvironmentsChart;
}

/** The package half of the synthesis: the Helm chart(s), which need nothing but the environments' configs. */
export interface EnvironmentsPackage {
  readonly chart: EnvironmentsChart;
  /** Each environment's own chart, in the order of the environments, when they share none. */
  readonly own?: readonly RenderedFiles[];
}

const untimed: SynthStage = (_, work) => work();

/**
 * Synthesizes every environment as a config of its own would be, except
 * that environments differing only in chart values share one Helm chart:
 * their GitOps objects then release it with `values-<environment>.yaml`.
 * `stageOf` times the stages of each environment.
 */
export function synthesizeEachEnvironment(
  environments: readonly Environment[],
  stageOf: (environment: string) => SynthStage = () => untimed,
): EnvironmentsSynthesis {
  const charts = packageEnvironments(environments, stageOf);
  return joinEnvironments(environments, bundleEnvironments(environments, stageOf), charts);
}

/** Each environment's chart (a `package` stage each), and whether one chart serves them all. */
export function packageEnvironments(
  environments: readonly Environment[],
  stageOf: (environment: string) => SynthStage = () => untimed,
): EnvironmentsPackage {
  const withCharts = environments.map(({ name, config }) => ({
    name,
    config,
    chart: stageOf(name)('package', () => renderHelmChart(config)),
  }));
  const chart = environmentsChart(withCharts);
  return chart.shared ? { chart } : { chart, own: withCharts.map((environment) => environment.chart) };
}

/** Each environment's bundles but its GitOps objects (a `synth` stage each). */
export function bundleEnvironments(environments: readonly Environment[], stageOf: (environment: string) => SynthStage): Bundles[] {
  return environments.map(({ name, config }) => {
    let bundles: Bundles | undefined;
    stageOf(name)('synth', () => (bundles = renderBundles(config)).files);
    return bundles!;
  });
}

/** The environments' outputs from their bundles and charts: each with the GitOps objects that release its chart. */
export function joinEnvironments(
  environments: readonly Environment[],
  bundles: readonly Bundles[],
  { chart, own }: EnvironmentsPackage,
): EnvironmentsSynthesis {
  const outputs = environments.map(({ name, config }, i) => {
    const files = withGitOps(config, bundles[i], { name, sharedChart: chart.shared });
    return { name, config, files: own ? new Map([...files, ...own[i]]) : files };
  });
  return { outputs, chart };
}

/**
 * Everything `synth` writes for a config with environments: `DIR/<name>/…`
 * per environment, the shared chart `DIR/helm/` if there is one, and
 * `DIR/OVERVIEW.md` comparing the environments.
 */
export function environmentsOutput({ outputs, chart }: EnvironmentsSynthesis): RenderedFiles {
  const chartName = outputs[0].config.chart.name;
  const files: RenderedFiles = new Map([
    [OVERVIEW_PATH, renderEnvironmentsOverview(outputs, chart.shared ? { shared: chartName } : { causes: chart.causes })],
  ]);
  for (const { name, files: own } of outputs) {
    for (const [path, content] of own) files.set(`${name}/${path}`, content);
  }
  if (chart.shared) for (const [path, content] of chart.files) files.set(path, content);
  return files;
}

/** The whole output of a config with environments. */
export function synthesizeEnvironments(environments: readonly Environment[], stage: SynthStage = untimed): RenderedFiles {
  return environmentsOutput(synthesizeEachEnvironment(environments, () => stage));
}
