import { buildApp, chartsJson } from '../app';
import { Config } from '../config/schema';
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
  return withTokenValues(groups, tokens, new Set(tokens.byToken.values()), true) as ObjectGroup[];
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

/**
 * `app` as one JSON text, which a worker thread receives as a copy of one
 * string (`parseTokenizedApp` reads it back): cheaper for 10,000 objects than
 * a structured clone of them, and the chart values stay one object each,
 * shared by `values` and the tokens.
 */
export function stringifyTokenizedApp({ values, tokens, groups }: TokenizedApp): string {
  const index = new Map(values.map((value, i) => [value, i]));
  const byToken = [...tokens.byToken].map(([token, value]): [string, number] => [token, index.get(value)!]);
  const wire: TokenizedAppJson = {
    values,
    groups,
    config: tokens.config,
    pattern: tokens.pattern.source,
    byToken,
    stem: tokens.stem,
    lead: tokens.lead,
  };
  return JSON.stringify(wire);
}

export function parseTokenizedApp(text: string): TokenizedApp {
  const { values, groups, config, pattern, byToken, stem, lead } = JSON.parse(text) as TokenizedAppJson;
  const tokens: Tokens = {
    config,
    pattern: new RegExp(pattern, 'g'),
    byToken: new Map(byToken.map(([token, i]) => [token, values[i]])),
    stem,
    lead,
  };
  return { values, tokens, groups };
}

interface TokenizedAppJson {
  readonly values: readonly ChartValue[];
  readonly groups: readonly ObjectGroup[];
  readonly config: Config;
  readonly pattern: string;
  readonly byToken: ReadonlyArray<readonly [string, number]>;
  readonly stem: string;
  readonly lead: string;
}
