import { buildApp, chartsJson } from '../app';
import { Config } from '../config/schema';
import { commonLabels } from '../constructs/labels';
import { valuesInImmutableFields } from './immutable-fields';
import { ObjectGroup } from './templatize';
import { withTokenValues } from './token-values';
import { strayTokens, tokenize, Tokens, withoutTokens } from './tokens';
import { ChartValue, chartValues } from './values';
import { withConfigRules } from './value-rules';

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
  /** The choice of tokens (`tokenize`) the app was built with. */
  readonly attempt: number;
}

export function buildTokenizedApp(config: Config): TokenizedApp {
  const values = valuesWithRules(config);
  return { values, ...buildTokenized(config, values, 0) };
}

function valuesWithRules(config: Config): ChartValue[] {
  return chartValues(config).map((value) => withConfigRules(config, value));
}

/**
 * The objects of the tokenized app of `config` with every value put back:
 * what `helm template` renders from the chart with its default values, and
 * what a build of the config itself gives (tests hold them to both). As in
 * the chart (see `templatize`), an object's own labels that are the common
 * labels of the tokenized config become the config's: the version label
 * carries the Mountpoint version in label form, which a token does not show.
 */
export function plainGroups(config: Config, { tokens, groups }: TokenizedApp): ObjectGroup[] {
  const plain = withTokenValues(groups, tokens, new Set(tokens.byToken.values()), true) as ObjectGroup[];
  const tokenized = Object.entries(commonLabels(tokens.config));
  const common = commonLabels(config);
  const fixes = (object: unknown) => {
    const labels = (object as { metadata?: { labels?: Record<string, unknown> } } | undefined)?.metadata?.labels;
    return labels !== undefined && tokenized.every(([key, value]) => labels[key] === value);
  };
  return plain.map((group, i) => ({
    id: group.id,
    objects: group.objects.map((object, j) => (fixes(groups[i].objects[j]) ? withLabels(object as LabelledObject, common) : object)),
  }));
}

interface LabelledObject {
  readonly metadata: { readonly labels: Record<string, unknown> };
}

/** `object` with `labels` in its own labels, each where the key already is (a copy where one changes). */
function withLabels(object: LabelledObject, labels: Record<string, string>): LabelledObject {
  const own = object.metadata.labels;
  if (Object.keys(labels).every((key) => own[key] === labels[key])) return object;
  return { ...object, metadata: { ...object.metadata, labels: { ...own, ...labels } } };
}

/**
 * The objects of the tokenized app as the chart's templates take them, and
 * their tokens. Values that land in an immutable field become fixed: their
 * tokens are replaced by their values (or, when a digest depends on them,
 * the app is built again without them; once at most, as fewer tokens reach
 * no new field).
 */
export function chartObjects(config: Config, app: TokenizedApp): { tokens: Tokens; groups: readonly ObjectGroup[] } {
  const immutable = valuesInImmutableFields(
    app.groups.flatMap((g) => g.objects),
    app.tokens,
  );
  if (immutable.size === 0) return app;
  const fixed = withTokenValues(app.groups, app.tokens, immutable, false) as ObjectGroup[] | undefined;
  if (fixed !== undefined) return { tokens: withoutTokens(app.tokens, immutable), groups: fixed };
  const candidates = [...app.tokens.byToken.values()].filter((value) => !immutable.has(value));
  return chartObjects(config, { values: app.values, ...buildTokenized(config, candidates, app.attempt) });
}

/** Tries a few choices of tokens; the first whose objects hold no stray token wins. */
const TOKEN_ATTEMPTS = 5;

/** The app built from the config with `candidates` tokenized: the first choice of tokens from `first` on that holds no stray token. */
function buildTokenized(config: Config, candidates: readonly ChartValue[], first: number): Omit<TokenizedApp, 'values'> {
  for (let attempt = first; attempt < TOKEN_ATTEMPTS; attempt++) {
    const tokens = tokenize(config, candidates, attempt);
    const groups = chartsJson(buildApp(tokens.config)).map(({ chart, objects }) => ({ id: chart.node.id, objects }));
    if (strayTokens(groups, tokens) === 0) return { tokens, groups, attempt };
  }
  throw new Error(`no choice of Helm value tokens is free of collisions with the config's text after ${TOKEN_ATTEMPTS} attempts`);
}

/**
 * `app` as one JSON text, which a worker thread receives as a copy of one
 * string; `parseTokenizedApp` reads it back with the config's values, which
 * it computes again (cheaper than reading each value's schema).
 */
export function stringifyTokenizedApp({ values, tokens, groups, attempt }: TokenizedApp): string {
  const index = new Map(values.map((value, i) => [value, i]));
  const byToken = [...tokens.byToken].map(([token, value]): [string, number] => [token, index.get(value)!]);
  const wire: TokenizedAppJson = {
    groups,
    config: tokens.config,
    pattern: tokens.pattern.source,
    byToken,
    stem: tokens.stem,
    lead: tokens.lead,
    attempt,
  };
  return JSON.stringify(wire);
}

/** The app `stringifyTokenizedApp` wrote, of `config`. */
export function parseTokenizedApp(text: string, config: Config): TokenizedApp {
  const { groups, config: tokenized, pattern, byToken, stem, lead, attempt } = JSON.parse(text) as TokenizedAppJson;
  const values = valuesWithRules(config);
  const tokens: Tokens = {
    config: tokenized,
    pattern: new RegExp(pattern, 'g'),
    byToken: new Map(byToken.map(([token, i]) => [token, values[i]])),
    stem,
    lead,
  };
  return { values, tokens, groups, attempt };
}

interface TokenizedAppJson {
  readonly groups: readonly ObjectGroup[];
  readonly config: Config;
  readonly pattern: string;
  readonly byToken: ReadonlyArray<readonly [string, number]>;
  readonly stem: string;
  readonly lead: string;
  readonly attempt: number;
}
