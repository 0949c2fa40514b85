import { exampleTargets, synthObjects } from '../helpers';

describe.each(exampleTargets().map((target) => [target.label, target] as const))('examples/%s', (_label, { config }) => {
  const objects = synthObjects(config);

  test('synthesizes a SparkApplication or ScheduledSparkApplication for every application of the config', () => {
    expect.hasAssertions();
    const names = config.sparkApplications.map((a) => a.name);
    const apps = objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
    expect(apps.map((o) => o.metadata.name).sort()).toEqual([...names].sort());
  });

  test('gives every object a unique kind/namespace/name', () => {
    expect.hasAssertions();
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
