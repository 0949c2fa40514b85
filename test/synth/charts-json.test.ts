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
