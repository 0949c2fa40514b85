import { Config } from '../config/schema';
import { ChartValue } from './values';

/**
 * Stand-ins for Helm values during the one synthesis: the config is copied,
 * each value is replaced by a token unique to it, and the objects built from
 * that copy show where every value lands, however it was derived (quoted into
 * a script, joined into a URI, a mount option). Tokens pass through the
 * synthesis unchanged: strings are lower-case letters and digits (valid in
 * names, shell words, paths), integers are large numbers nothing else yields.
 */
export interface Tokens {
  /** The config with every value replaced by its token. */
  readonly config: Config;
  /** Finds tokens in a string; `tokenValue` says whose they are. */
  readonly pattern: RegExp;
  readonly byToken: ReadonlyMap<string, ChartValue>;
}

const INTEGER_TOKEN_BASE = 7_300_000_000;
// A config of 1,000 teams has some 15,000 values; string tokens grow past
// four digits and integer tokens stay within 7300000000–7300999999.
const MAX_TOKENS = 1_000_000;
const TOKEN_PATTERN = /mpshv[0-9]{4,6}x|(?<![0-9])7300[0-9]{6}(?![0-9])/g;

export function tokenize(config: Config, values: readonly ChartValue[]): Tokens {
  if (values.length > MAX_TOKENS) throw new Error(`at most ${MAX_TOKENS} chart values are supported`);
  // A config is JSON data; a JSON copy (unlike structuredClone, whose objects
  // belong to Node's main realm) stays plain objects to cdk8s under jest too.
  const copy = JSON.parse(JSON.stringify(config)) as Config;
  const byToken = new Map<string, ChartValue>();
  values.forEach((value, index) => {
    const token = value.type === 'integer' ? INTEGER_TOKEN_BASE + index : `mpshv${String(index).padStart(4, '0')}x`;
    setAt(copy, value.location, token);
    byToken.set(String(token), value);
  });
  return { config: copy, pattern: TOKEN_PATTERN, byToken };
}

function setAt(target: unknown, location: ReadonlyArray<string | number>, value: unknown): void {
  const parent = location.slice(0, -1).reduce<any>((node, step) => node[step], target);
  parent[location[location.length - 1]] = value;
}
