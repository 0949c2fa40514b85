import { Config } from '../config/schema';
import { commonLabels } from '../constructs/labels';
import { RenderedFiles } from '../rendered-files';
import { assertHelmLoads } from './chart-limits';
import { chartReadme, chartYaml, helperNames, helpersTpl, notesTxt, valuesYaml } from './chart-files';
import { kubeVersionConstraint } from './kube-version';
import { chartSettings } from './chart-settings';
import { packageChart } from './package';
import { templatize } from './templatize';
import { buildTokenizedApp, chartObjects, TokenizedApp } from './tokenized-app';
import { valueChecksTpl } from './value-checks';
import { valuesSchemaJson } from './values-schema';

/**
 * The Helm chart of a validated config: `helm/<name>/` unpacked and
 * `helm/<name>-<version>.tgz`, its templates from the tokenized app.
 */
export function renderHelmChart(config: Config, app: TokenizedApp = buildTokenizedApp(config)): RenderedFiles {
  const { name, version } = config.chart;
  const { tokens, groups: objects } = chartObjects(config, app);
  const groups = objects.map((group) => ({ id: group.id, objects: group.objects.map(withChartAnnotations) }));
  // Helm's named templates are global to a rendering: two versions of this chart in one umbrella chart
  // (aliases) must not share any, as the same name would give both one version's scripts.
  const defines = `${name}@${version}`;
  const templates = templatize(groups, { tokens, helpers: helperNames(defines), commonLabels: commonLabels(tokens.config) });
  const used = app.values.filter((value) => templates.used.has(value));
  const settings = chartSettings(new Set(groups.flatMap((g) => (g.objects as Array<{ kind: string }>).map((o) => o.kind))));

  const chart = new Map<string, string>([
    ['Chart.yaml', chartYaml(config, kubeVersionConstraint(groups.flatMap((g) => g.objects as object[])))],
    ['values.yaml', valuesYaml(name, used, settings)],
    ['values.schema.json', valuesSchemaJson(name, used, settings)],
    ['README.md', chartReadme(config, used, settings)],
    ['templates/_helpers.tpl', helpersTpl(defines)],
    ['templates/_values.tpl', valueChecksTpl(defines, used)],
    ['templates/NOTES.txt', notesTxt(groups)],
  ]);
  for (const [path, body] of templates.files) chart.set(`templates/${path}`, body);
  assertHelmLoads(name, chart);

  const files: RenderedFiles = new Map();
  for (const [path, content] of chart) files.set(`helm/${name}/${path}`, content);
  files.set(`helm/${name}-${version}.tgz`, packageChart(name, chart));
  return files;
}

/** What Helm, unlike the bundles, must be told about an object. */
const KEEP_ANNOTATION = { 'helm.sh/resource-policy': 'keep' } as const;

/**
 * Namespaces outlive an uninstall (or a team dropped from the config): a
 * team's namespace holds its Spark jobs, their logs and whatever else the
 * team put there, which `helm uninstall` must never delete.
 */
function withChartAnnotations(object: unknown): unknown {
  const manifest = object as { kind?: unknown; metadata?: { annotations?: Record<string, string> } } | undefined;
  if (manifest?.kind !== 'Namespace') return object;
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...manifest.metadata?.annotations, ...KEEP_ANNOTATION } } };
}
