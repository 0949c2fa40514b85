import { Config } from '../config/schema';
import { mayBeSealed, sealedKeys, sealedWithout } from '../sealed';
import { absentNumber, absentRun } from './template-text';
import { ChartValue } from './values';

/**
 * Stand-ins for Helm values during the one synthesis: the config is copied,
 * each value is replaced by a token unique to it, and the objects built from
 * that copy show where every value lands, however it was derived (quoted into
 * a script, joined into a URI, a mount option). Tokens pass through the
 * synthesis unchanged: strings are lower-case letters and digits (valid in
 * names, shell words, paths), integers are large numbers.
 *
 * A token must never be mistaken for config text (`--run-id=mpshv0000x` in a
 * Spark argument): the string tokens' stem and the integer tokens' leading
 * digits are chosen so that no string, key or number of the config spells
 * them, and `strayTokens` then proves that the built objects hold them only
 * where a token was put (else the next choice is tried).
 */
export interface Tokens {
  /** The config with every value replaced by its token. */
  readonly config: Config;
  /** Finds tokens in a string; `byToken` says whose they are. */
  readonly pattern: RegExp;
  readonly byToken: ReadonlyMap<string, ChartValue>;
  /** The stem every string token starts with. */
  readonly stem: string;
  /** The digits every integer token starts with. */
  readonly lead: string;
}

/**
 * Whether `text` may hold a token: false for most texts, found without a
 * regular expression (a chart of 10,000 teams has millions of strings).
 */
export function mayHoldToken(tokens: Tokens, text: string): boolean {
  return text.includes(tokens.stem) || text.includes(tokens.lead);
}

// A config of 1,000 teams has some 15,000 values: string tokens grow past four
// digits, and integer tokens are the six digits after their leading ones: four,
// or more where the config spells every four-digit number (100,000 sparkConf
// keys do), up to what keeps tokens exact in a double.
const MAX_TOKENS = 1_000_000;
const FIRST_INTEGER_LEAD = 7300;
const LAST_INTEGER_LEAD = Math.floor(Number.MAX_SAFE_INTEGER / MAX_TOKENS) - 1;

/** The `attempt`-th choice of tokens for `config` (0 first; try the next when `strayTokens` finds any). */
export function tokenize(config: Config, values: readonly ChartValue[], attempt = 0): Tokens {
  if (values.length > MAX_TOKENS) throw new Error(`at most ${MAX_TOKENS} chart values are supported`);
  const text = [JSON.stringify(config)];
  // Letters only, none a hex digit or "x", and no prefix that is also a suffix:
  // neither a digest nor text next to a token can complete a stem.
  const stem = absentRun('mpsh', 'v', 1 + attempt, text);
  const lead = absentNumber(FIRST_INTEGER_LEAD + attempt, text);
  if (lead > LAST_INTEGER_LEAD) throw new Error('the config spells every integer token the chart could use');
  const copy = new PathCopy(config);
  const byToken = new Map<string, ChartValue>();
  values.forEach((value, index) => {
    const token = value.type === 'integer' ? lead * MAX_TOKENS + index : `${stem}${String(index).padStart(4, '0')}x`;
    copy.set(value.location, token);
    byToken.set(String(token), value);
  });
  const pattern = new RegExp(`${stem}[0-9]{4,6}x|(?<![0-9])${lead}[0-9]{6}(?![0-9])`, 'g');
  return { config: copy.root as Config, pattern, byToken, stem, lead: String(lead) };
}

/**
 * How many times the built objects spell a token stem or an integer token
 * that is not one we put there (text next to a token, a number computed from
 * one): 0 proves every token found is a value.
 */
export function strayTokens(objects: unknown, tokens: Tokens): number {
  let stray = 0;
  for (const text of tokenTexts(objects, tokens, [])) {
    let unknown = false;
    const rest = text.replace(tokens.pattern, (token) => {
      unknown ||= !tokens.byToken.has(token);
      return ' ';
    });
    if (unknown || rest.includes(tokens.stem)) stray++;
  }
  return stray;
}

/**
 * The texts of a JSON value that may hold a token: strings and keys that
 * spell the stem or the integer lead, numbers (as text) that spell the lead.
 * Few, however many texts there are (a list of every text would be millions
 * long at 10,000 teams); one walk for strings and numbers alike.
 */
function tokenTexts(value: unknown, tokens: Tokens, into: string[]): string[] {
  if (typeof value === 'string') {
    if (mayHoldToken(tokens, value)) into.push(value);
  } else if (typeof value === 'number') {
    const text = String(value);
    if (text.includes(tokens.lead)) into.push(text);
  } else if (Array.isArray(value)) {
    if (mayBeSealed(value.length) && sealedWithoutToken(tokens, value)) return into;
    for (const item of value) tokenTexts(item, tokens, into);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (sealedWithoutToken(tokens, record)) return into;
    for (const key of sealedKeys(record) ?? Object.keys(record)) {
      if (mayHoldToken(tokens, key)) into.push(key);
      tokenTexts(record[key], tokens, into);
    }
  }
  return into;
}

/**
 * Whether `node` is a sealed collection (`lib/sealed.ts`) that holds no
 * token: no string, key or number of it spells the stem or the integer lead,
 * as `mayHoldToken` asks of each. Found once per collection, however often it
 * is walked (the objects, the values put back, the templates).
 */
export function sealedWithoutToken(tokens: Tokens, node: object): boolean {
  return sealedWithout(node, [tokens.stem, tokens.lead]);
}

/** `tokens` with `fixed` values back in the config and no longer tokens. */
export function withoutTokens(tokens: Tokens, fixed: ReadonlySet<ChartValue>): Tokens {
  const copy = new PathCopy(tokens.config);
  for (const value of fixed) copy.set(value.location, value.value);
  const byToken = new Map([...tokens.byToken].filter(([, value]) => !fixed.has(value)));
  return { ...tokens, config: copy.root as Config, byToken };
}

/**
 * A copy of a config that differs at some locations: the maps and lists on
 * the way to each are copied (once each, as they are: plain data), all else
 * is shared with the config, which stays as it was. A copy of the whole
 * config would copy every map (100,000 node labels) for a few dozen values.
 */
class PathCopy {
  readonly root: Record<string | number, unknown>;
  private readonly copies = new Set<unknown>();

  constructor(config: object) {
    this.root = this.copyOf(config);
  }

  set(location: ReadonlyArray<string | number>, value: unknown): void {
    let node = this.root;
    for (let i = 0; i < location.length - 1; i++) {
      const step = location[i];
      let child = node[step] as Record<string | number, unknown>;
      if (!this.copies.has(child)) node[step] = child = this.copyOf(child);
      node = child;
    }
    node[location[location.length - 1]] = value;
  }

  private copyOf(node: object): Record<string | number, unknown> {
    const copy = (Array.isArray(node) ? [...(node as unknown[])] : { ...node }) as Record<string | number, unknown>;
    this.copies.add(copy);
    return copy;
  }
}
