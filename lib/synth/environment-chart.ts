import * as yaml from 'js-yaml';
import { environmentValuesFile } from '../gitops/source';
import { packageChart } from '../helm/package';
import { differingFields, fieldValues } from '../overview/environments';
import { Config } from '../config/schema';
import { RenderedFiles } from '../rendered-files';

/** The files of one environment, by path relative to `DIR/<environment>/`. */
export interface EnvironmentOutput {
  readonly name: string;
  readonly config: Config;
  readonly files: RenderedFiles;
}

/** Chart files that hold the values' defaults and their documentation, not the chart's structure. */
const VALUES_FILES: ReadonlySet<string> = new Set(['values.yaml', 'README.md']);

/** Config sections that never reach the chart: differences there are no reason for a chart per environment. */
const NOT_IN_CHART: readonly string[] = ['gitops'];

/**
 * The Helm chart of a config with environments: one chart every environment
 * shares, with `values-<environment>.yaml` beside its values.yaml, when the
 * environments differ only in chart values; otherwise one chart per
 * environment, and the fields that values cannot express.
 */
export type EnvironmentsChart =
  | { readonly shared: true; /** `helm/<chart.name>/…` and its .tgz. */ readonly files: RenderedFiles }
  | {
      readonly shared: false;
      /** Config fields (`teams.risk`) whose differences change the chart's templates. */ readonly causes: readonly string[];
    };

/** An environment with its own Helm chart (`helm/<chart.name>/…`, `helm/<chart.name>-<version>.tgz`). */
export type EnvironmentWithChart = Pick<EnvironmentOutput, 'name' | 'config'> & { readonly chart: RenderedFiles };

export function environmentsChart(environments: readonly EnvironmentWithChart[]): EnvironmentsChart {
  const { name, version } = environments[0].config.chart;
  const dirs = environments.map((environment) => chartDirectory(environment.chart, environment.config.chart.name));
  const sameChart = environments.every((e) => e.config.chart.name === name && e.config.chart.version === version);
  const structure = (dir: ReadonlyMap<string, string>) =>
    JSON.stringify([...dir].filter(([path]) => !VALUES_FILES.has(path)).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (!sameChart || dirs.some((dir) => structure(dir) !== structure(dirs[0])))
    return { shared: false, causes: structuralCauses(environments, dirs) };
  const chart = new Map(dirs[0]);
  environments.forEach((environment, i) => chart.set(environmentValuesFile(environment.name), dirs[i].get('values.yaml')!));
  const files: RenderedFiles = new Map([...chart].map(([path, content]) => [`helm/${name}/${path}`, content]));
  files.set(`helm/${name}-${version}.tgz`, packageChart(name, chart));
  return { shared: true, files };
}

/** The text files of `helm/<name>/`, by path inside the chart. */
function chartDirectory(chart: RenderedFiles, name: string): Map<string, string> {
  const prefix = `helm/${name}/`;
  return new Map(
    [...chart]
      .filter(([path, content]) => path.startsWith(prefix) && typeof content === 'string')
      .map(([path, content]) => [path.slice(prefix.length), content as string]),
  );
}

/**
 * The differing config fields that are not a value every environment's chart
 * has: an item only some environments have, a field the chart reads in one
 * environment only, a setting that is no chart value.
 */
function structuralCauses(environments: readonly EnvironmentWithChart[], dirs: ReadonlyArray<ReadonlyMap<string, string>>): string[] {
  const values = dirs.map((dir) => fieldValues((yaml.load(dir.get('values.yaml') ?? '') ?? {}) as object));
  const causes = differingFields(environments)
    .map((field) => field.path)
    .filter((path) => !NOT_IN_CHART.includes(path.split('.')[0]) && !values.every((fields) => fields.has(path)));
  if (causes.length > 0) return causes;
  // Differences the config comparison does not show: name the chart files.
  const paths = [...new Set(dirs.flatMap((dir) => [...dir.keys()]))].filter((path) => !VALUES_FILES.has(path));
  return paths.filter((path) => dirs.some((dir) => dir.get(path) !== dirs[0].get(path))).map((path) => `chart file ${path}`);
}
