import * as yaml from 'js-yaml';
import { validateConfig } from '../../lib/config/load';
import { ConfigError } from '../../lib/config/problems';
import { Config } from '../../lib/config/schema';
import { USERDATA_BOUNDARY } from '../../lib/approaches/node-userdata/config/pool-userdata';
import { EXAMPLES, manifestObjectsBothWays, manifestYamlBothWays, readExample } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/**
 * Text that would run, break or confuse a template if it reached one as code:
 * actions, a `{` that an action after it would complete, quotes, shell
 * syntax, newlines and the userData boundary, fstab separators, NUL, and
 * look-alikes of the chart's value tokens and placeholders.
 */
const MULTI_LINE = [
  '{{ print "INJECTED" }}`id`$(id)\'"\n# a,b=c\u0000',
  `{{- fail "x" -}}\n--${USERDATA_BOUNDARY}\nContent-Type: text/x-shellscript\n\n{`,
  '\' ; touch /PWNED ; \'\\\n{{ .Files.Get "README.md" }}\t#{',
];
/** For fields that refuse control characters. */
const SINGLE_LINE = [
  '{{ print "INJECTED" }} {{- fail "x" -}} `id` $(id) \'" # a,b=c {',
  'mpshv0000x 7300000004 __helm_action0_0__ {{/* a */}} }}{{ a{',
  '{{.Files.Get "README.md"}}mpshv0001x',
];
/** What every site gets, one round each: all payloads in a row, in both orders so each one ends a string once. */
const ROUNDS: Array<[string, string]> = [
  ['every payload', [...MULTI_LINE, ...SINGLE_LINE].join('')],
  ['every payload, reversed', [...MULTI_LINE, ...SINGLE_LINE].reverse().join('')],
  ['single-line payloads', SINGLE_LINE.join('')],
];

type Path = ReadonlyArray<string | number>;
/** A place a payload can go: a string value, or the name of a map key. */
interface Site {
  readonly path: Path;
  readonly key: boolean;
}

/** Every string value and every map key of `data`. */
function sites(data: unknown, path: Path = []): Site[] {
  if (typeof data === 'string') return [{ path, key: false }];
  if (Array.isArray(data)) return data.flatMap((item, index) => sites(item, [...path, index]));
  if (data && typeof data === 'object') {
    return Object.entries(data).flatMap(([key, child]) => [{ path: [...path, key], key: true }, ...sites(child, [...path, key])]);
  }
  return [];
}

/** A copy of `data` with `payload` appended at each site (deepest first, keys after values, so a renamed key moves no other site). */
function withPayloads(data: unknown, placed: ReadonlyArray<[Site, string]>): unknown {
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  const ordered = [...placed].sort(([a], [b]) => b.path.length - a.path.length || Number(a.key) - Number(b.key));
  for (const [site, payload] of ordered) {
    const parent = site.path.slice(0, -1).reduce<any>((node, step) => node[step], copy);
    const last = site.path[site.path.length - 1];
    if (site.key) {
      // Same order of keys: rebuild the map with this one renamed.
      const entries = Object.entries(parent).map(([k, v]): [string, unknown] => [k === last ? `${k}${payload}` : k, v]);
      for (const k of Object.keys(parent)) delete parent[k];
      Object.assign(parent, Object.fromEntries(entries));
    } else {
      parent[last] = `${parent[last]}${payload}`;
    }
  }
  return copy;
}

/** The config, or undefined when it is refused the way `synth` refuses with exit 2 (a ConfigError). */
function accepted(data: unknown): Config | undefined {
  try {
    return validateConfig(JSON.parse(JSON.stringify(data)), 'fuzz.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

/** `placeHostileText`, once per example and payload (two tests use each). */
function hostileConfig(example: string, payload: string) {
  const key = `${example}\0${payload}`;
  if (!hostileConfigs.has(key)) hostileConfigs.set(key, placeHostileText(example, payload));
  return hostileConfigs.get(key)!;
}

const hostileConfigs = new Map<string, ReturnType<typeof placeHostileText>>();

/**
 * The example with as many sites as the config accepts together holding a
 * payload: each site alone first, then the
 * accepted ones added one by one while the whole stays valid.
 */
function placeHostileText(example: string, payload: string) {
  const data = yaml.load(readExample(example)) as { chart: Record<string, unknown> };
  // Chart.yaml's free text, which the examples leave to defaults.
  data.chart = {
    ...data.chart,
    description: 'Spark jars',
    home: 'https://example.com/x',
    maintainers: [{ name: 'Platform', email: 'p@example.com', url: 'https://example.com' }],
  };
  const all = sites(data).map((site): [Site, string] => [site, payload]);
  const alone = all.filter((placed) => accepted(withPayloads(data, [placed])) !== undefined);
  const together: Array<[Site, string]> = [];
  for (const placed of alone) {
    if (accepted(withPayloads(data, [...together, placed]))) together.push(placed);
  }
  return { config: accepted(withPayloads(data, together)) as Config, sites: all.length, hostile: together.length };
}

describe.each(EXAMPLES)('hostile text in every string and map key of %s', (example) => {
  test.each(ROUNDS)('%s: sites the config refuses are exit-2 errors; the rest synthesize and render exactly manifests/', (_, payload) => {
    expect.hasAssertions();
    const { config, sites: total, hostile } = hostileConfig(example, payload);
    expect(total).toBeGreaterThan(20);
    // Free text exists in every example (descriptions, tags, labels, Spark arguments and conf).
    expect(hostile).toBeGreaterThan(0);
    const chart = synthChart(config);
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
  });

  test.each(ROUNDS)('%s: the manifests are the objects a build of the config itself gives', (_, payload) => {
    expect.hasAssertions();
    const { derived, builtItself } = manifestObjectsBothWays(hostileConfig(example, payload).config);
    expect(derived).toBe(builtItself);
  });

  test.each(ROUNDS)(
    "%s: the manifests' YAML, written as the values are put back, is that of a build of the config itself",
    (_, payload) => {
      expect.hasAssertions();
      const { written, builtItself } = manifestYamlBothWays(hostileConfig(example, payload).config);
      expect(written).toEqual(builtItself);
    },
  );
});
