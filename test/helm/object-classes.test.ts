import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { helperNames, helpersTpl } from '../../lib/helm/chart-files';
import { objectClasses } from '../../lib/helm/object-classes';
import { templatize } from '../../lib/helm/templatize';
import { Tokens } from '../../lib/helm/tokens';
import { ChartValue } from '../../lib/helm/values';
import { tempDir } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/** Tokens of one string value per team (`teams.<team>.role`), as `tokenize` makes them. */
function teamTokens(teams: readonly string[]): { tokens: Tokens; token: (team: string) => string } {
  const byToken = new Map<string, ChartValue>();
  teams.forEach((team, i) => {
    const location = ['teams', i, 'role'];
    byToken.set(`mpshv${String(i).padStart(4, '0')}x`, {
      configPath: `teams[${i}].role`,
      location,
      key: ['teams', team, 'role'],
      value: `role-${team}`,
      type: 'string',
      schema: { type: 'string' },
    });
  });
  const tokens: Tokens = {
    config: {} as Config,
    pattern: /mpshv[0-9]{4,6}x|(?<![0-9])7300[0-9]{6}(?![0-9])/g,
    byToken,
    stem: 'mpshv',
    lead: '7300',
  };
  return { tokens, token: (team) => `mpshv${String(teams.indexOf(team)).padStart(4, '0')}x` };
}

const rowToken = (column: number) => `mpshv${9000 + column}x`;

describe('object classes', () => {
  const { tokens, token } = teamTokens(['a', 'b']);
  const object = (team: string, other: string) => ({ kind: 'Role', metadata: { name: team }, spec: { own: token(team), other } });

  test('objects that differ in names and in whose values they use form one class with a row each', () => {
    const [only, ...rest] = objectClasses([object('a', token('a')), object('b', token('b'))], tokens, new Set(), rowToken);
    expect(rest).toEqual([]);
    expect(only.factored?.rows).toEqual([['a'], ['b']]);
  });

  test("a token of the first object that stands for the same value in one place and each row's in another keeps every object alone", () => {
    const classes = objectClasses([object('a', token('a')), object('b', token('a'))], tokens, new Set(), rowToken);
    expect(classes.map((c) => [c.members.length, c.factored])).toEqual([
      [1, undefined],
      [1, undefined],
    ]);
  });

  test('an object holding a digest of a string with values keeps its own template', () => {
    const digest = 'f'.repeat(64);
    const classes = objectClasses([object('a', digest), object('b', digest)], tokens, new Set([digest]), rowToken);
    expect(classes.map((c) => c.members.length)).toEqual([1, 1]);
  });
});

describe('a class of more rows than one file should hold', () => {
  // Names of 200 characters: some 5,000 rows make more than 1 MiB of row text.
  const teams = Array.from({ length: 5_000 }, (_, i) => `${String(i).padStart(5, '0')}-${'n'.repeat(194)}`);
  const { tokens } = teamTokens([]);
  const namespaces = teams.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: `{{ ${name} }}` } } }));
  const helpers = helperNames('c@1');
  const { files } = templatize([{ id: 'teams', objects: namespaces }], { tokens, helpers, commonLabels: {} });

  test('is written as several template files, each under 1.1 MiB', () => {
    expect(files.size).toBeGreaterThan(1);
    expect([...files.values()].filter((text) => Buffer.byteLength(text) > 1.1 * 1024 * 1024)).toEqual([]);
  });

  test('whose objects real helm renders, each once and as it was', () => {
    const dir = join(tempDir(), 'c');
    const chart = new Map([
      ['Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n'],
      ['templates/_helpers.tpl', helpersTpl('c@1')],
      ...[...files].map(([path, text]): [string, string] => [`templates/${path}`, text]),
    ]);
    for (const [path, text] of chart) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // Each object as it was, but for the labels Helm adds (commonLabels {}: every object's labels are the common ones).
    const seen = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata.name} ${o.metadata.labels.team}`;
    const rendered = helmTemplate(['c', dir]).map(seen);
    expect(rendered.sort()).toEqual(namespaces.map(seen).sort());
  });
});

describe('a class of SparkApplications whose rows hold hostile text', () => {
  const payloads = [
    '{{ print "INJECTED" }}`id`$(id)\'"\n# a,b=c\u0000',
    '\' ; touch /PWNED ; \'\\\n{{ .Files.Get "README.md" }}\t#{',
    'mpshv0000x 7300000004 __helm_action0_0__ {{/* a */}} }}{{ a{',
  ];
  const { scaleConfig } = require('../../bench/scale-config') as { scaleConfig: (teams: number) => any };
  const data = scaleConfig(payloads.length);
  data.buckets[0].mount = data.buckets[1].mount; // every bucket per pod: the applications have one shape
  data.sparkApplications.forEach((app: any, i: number) => {
    app.arguments = [payloads[i], `--run=${payloads[(i + 1) % payloads.length]}`];
    app.sparkConf = { ...app.sparkConf, 'spark.bench.text': payloads[i] };
  });
  const chart = synthChart(loadConfigText(JSON.stringify(data), 'hostile-rows.json'));

  test('shares one template, the texts as rows', () => {
    const template = readFileSync(join(chart.dir, 'templates', 'spark-applications', 'sparkapplication-team-0-etl-0.yaml'), 'utf8');
    expect(template.startsWith('{{- range $row := list')).toBe(true);
  });

  test('renders with real helm exactly as manifests/ holds them', () => {
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
  });
});
