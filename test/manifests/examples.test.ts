import { EXAMPLES, exampleConfig, synthObjects } from '../helpers';

describe.each(EXAMPLES)('examples/%s', (example) => {
  const objects = synthObjects(exampleConfig(example));

  test('synthesizes a SparkApplication or ScheduledSparkApplication for every application of the config', () => {
    const names = exampleConfig(example).sparkApplications.map((a) => a.name);
    const apps = objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
    expect(apps.map((o) => o.metadata.name).sort()).toEqual([...names].sort());
  });

  test('gives every object a unique kind/namespace/name', () => {
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
