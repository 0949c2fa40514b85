import { buildApp, chartsJson } from '../app';
import { Config } from '../config/schema';
import { commonLabels } from '../constructs/labels';
import { RenderedFiles } from '../rendered-files';
import { assertHelmLoads } from './chart-limits';
import { chartReadme, chartYaml, helperNames, helpersTpl, notesTxt, valuesYaml } from './chart-files';
import { valuesInImmutableFields } from './immutable-fields';
import { kubeVersionConstraint } from './kube-version';
import { chartSettings } from './chart-settings';
import { packageChart } from './package';
import { ObjectGroup, templatize } from './templatize';
import { strayTokens, tokenize, Tokens, withoutTokens } from './tokens';
import { withTokenValues } from './token-values';
import { ChartValue, chartValues } from './values';
import { valueChecksTpl } from './value-checks';
import { withConfigRules } from './value-rules';
import { valuesSchemaJson } from './values-schema';

/**
 * The cdk8s app of a config built once from a copy of the config whose
 * values are tokens (see `tokenize`): its objects by cdk8s chart, the
 * source of both the Helm chart's templates (`renderHelmChart`) and, with
 * the values put back (`plainGroups`), the YAML bundles, so the chart cannot
 * drift from the bundles.
 */
export interface TokenizedApp {
  /** The config's chart values (`chartValues`), each with its config rules. */
  readonly values: readonly ChartValue[];
  readonly tokens: Tokens;
  readonly groups: readonly ObjectGroup[];
}

export function buildTokenizedApp(config: Config): TokenizedApp {
  const values = chartValues(config).map((value) => withConfigRules(config, value));
  return { values, ...buildTokenized(config, values) };
}

/**
 * The objects of the tokenized app with every value put back: what `helm
 * template` renders from the chart with its default values, and what a
 * build of the config itself gives (the chart equivalence tests prove both).
 */
export function plainGroups({ tokens, groups }: TokenizedApp): ObjectGroup[] {
  const values = new Set(tokens.byToken.values());
  return groups.map(({ id, objects }) => ({ id, objects: withTokenValues(objects, tokens, values, true) as unknown[] }));
}

/**
 * The Helm chart of a validated config: `helm/<name>/` unpacked and
 * `helm/<name>-<version>.tgz`, its templates from the tokenized app.
 */
export function renderHelmChart(config: Config, app: TokenizedApp = buildTokenizedApp(config)): RenderedFiles {
  const { name, version } = config.chart;
  const { values, tokens } = app;
  const groups = app.groups.map(({ id, objects }) => ({ id, objects: objects.map(withChartAnnotations) }));
  // Helm's named templates are global to a rendering: two versions of this chart in one umbrella chart
  // (aliases) must not share any, as the same name would give both one version's scripts.
  const defines = `${name}@${version}`;
  const templates = templatize(groups, { tokens, helpers: helperNames(defines), commonLabels: commonLabels(tokens.config) });
  const used = values.filter((value) => templates.used.has(value));
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

/** Tries a few choices of tokens; the first whose objects hold no stray token wins. */
const TOKEN_ATTEMPTS = 5;

/**
 * The app built from the tokenized config, its objects by cdk8s chart. Values
 * that land in an immutable field become fixed: their tokens are replaced by
 * their values (or, when a digest depends on them, the app is built again
 * without them; once at most, as fewer tokens reach no new field).
 */
function buildTokenized(config: Config, values: readonly ChartValue[]): { tokens: Tokens; groups: ObjectGroup[] } {
  let candidates = values;
  for (let attempt = 0; attempt < TOKEN_ATTEMPTS; attempt++) {
    const tokens = tokenize(config, candidates, attempt);
    const groups = chartsJson(buildApp(tokens.config)).map(({ chart, objects }) => ({ id: chart.node.id, objects }));
    if (strayTokens(groups, tokens) > 0) continue;
    const immutable = valuesInImmutableFields(
      groups.flatMap((g) => g.objects),
      tokens,
    );
    if (immutable.size === 0) return { tokens, groups };
    const fixed = withTokenValues(groups, tokens, immutable, false) as ObjectGroup[] | undefined;
    if (fixed !== undefined) return { tokens: withoutTokens(tokens, immutable), groups: fixed };
    candidates = candidates.filter((value) => !immutable.has(value));
    attempt--; // the same choice again, with fewer values: ends, as the list only shrinks
  }
  throw new Error(`no choice of Helm value tokens is free of collisions with the config's text after ${TOKEN_ATTEMPTS} attempts`);
}
