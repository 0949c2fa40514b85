import { buildApp } from '../app';
import { Config } from '../config/schema';
import { commonLabels } from '../constructs/labels';
import { RenderedFiles } from '../rendered-files';
import { chartReadme, chartYaml, helperNames, helpersTpl, notesTxt, valuesYaml } from './chart-files';
import { kubeVersionConstraint } from './kube-version';
import { packageChart } from './package';
import { templatize } from './templatize';
import { tokenize } from './tokens';
import { chartValues } from './values';
import { valuesSchemaJson } from './values-schema';

/**
 * The Helm chart of a validated config: `helm/<name>/` unpacked and
 * `helm/<name>-<version>.tgz`. Its templates come from the same cdk8s app as
 * the YAML bundles, built once more from a copy of the config whose values
 * are tokens (see `tokenize`), so the chart cannot drift from the bundles.
 */
export function renderHelmChart(config: Config): RenderedFiles {
  const { name, version } = config.chart;
  const values = chartValues(config);
  const tokens = tokenize(config, values);
  const groups = buildApp(tokens.config).charts.map((chart) => ({ id: chart.node.id, objects: chart.toJson() }));
  const templates = templatize(groups, { tokens, helpers: helperNames(name), commonLabels: commonLabels(config) });
  const used = values.filter((value) => templates.used.has(value));

  const chart = new Map<string, string>([
    ['Chart.yaml', chartYaml(config, kubeVersionConstraint(groups.flatMap((g) => g.objects as object[])))],
    ['values.yaml', valuesYaml(name, used)],
    ['values.schema.json', valuesSchemaJson(name, used)],
    ['README.md', chartReadme(config, used)],
    ['templates/_helpers.tpl', helpersTpl(name)],
    ['templates/NOTES.txt', notesTxt(groups)],
  ]);
  for (const [path, body] of templates.files) chart.set(`templates/${path}`, body);

  const files: RenderedFiles = new Map();
  for (const [path, content] of chart) files.set(`helm/${name}/${path}`, content);
  files.set(`helm/${name}-${version}.tgz`, packageChart(name, chart));
  return files;
}
