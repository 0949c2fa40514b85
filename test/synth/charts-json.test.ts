import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildApp, chartsJson } from '../../lib/app';
import { exampleTargets } from '../helpers';

test.each(exampleTargets().map((target) => [target.label, target.config] as const))(
  'chartsJson gives each chart of %s the objects chart.toJson() gives, in the same order, keys in the same order',
  (_, config) => {
    expect.hasAssertions();
    const expected = buildApp(config).charts.map((chart) => ({ id: chart.node.id, objects: chart.toJson() }));
    const actual = chartsJson(buildApp(config)).map(({ chart, objects }) => ({ id: chart.node.id, objects }));
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  },
);

/** An app of two charts, of two objects and of three; `shape` adds what the case is about. */
function smallApp(shape: (app: App, charts: readonly Chart[], objects: readonly ApiObject[]) => void): App {
  const app = new App();
  const charts = ['first', 'second'].map((id) => new Chart(app, id));
  const objects = charts.flatMap((chart, i) =>
    ['a', 'b', 'c']
      .slice(0, 2 + i)
      .map((name) => new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${chart.node.id}-${name}` } })),
  );
  shape(app, charts, objects);
  return app;
}

/** What cdk8s itself gives: its charts in order, each chart's toJson(). */
function cdk8sCharts(app: App): string {
  return JSON.stringify(app.charts.map((chart) => ({ id: chart.node.id, objects: chart.toJson() })));
}

function ourCharts(app: App): string {
  return JSON.stringify(chartsJson(app).map(({ chart, objects }) => ({ id: chart.node.id, objects })));
}

test.each([
  ['an object depends on one in a later chart', (_: App, __: readonly Chart[], o: readonly ApiObject[]) => o[0].addDependency(o[3])],
  ['an object depends on one after it in its chart', (_: App, __: readonly Chart[], o: readonly ApiObject[]) => o[2].addDependency(o[4])],
  ['a chart depends on a later chart', (_: App, c: readonly Chart[]) => c[0].addDependency(c[1])],
  [
    'a chart nests in another',
    (_: App, c: readonly Chart[]) => new ApiObject(new Chart(c[0], 'nested'), 'n', { apiVersion: 'v1', kind: 'Secret' }),
  ],
  [
    'the objects are nested in plain constructs',
    (_: App, c: readonly Chart[]) => new ApiObject(new Construct(c[1], 'group'), 'deep', { apiVersion: 'v1', kind: 'Secret' }),
  ],
])('chartsJson gives what cdk8s gives when %s', (_, shape) => {
  expect.hasAssertions();
  expect(ourCharts(smallApp(shape))).toBe(cdk8sCharts(smallApp(shape)));
});

test("chartsJson raises cdk8s' validation error of a construct in any chart", () => {
  expect.hasAssertions();
  const app = smallApp((_, charts) => charts[1].node.addValidation({ validate: () => ['not today'] }));
  expect(() => chartsJson(app)).toThrow(/Validation failed with the following errors:\n {2}\[second\] not today/);
});
