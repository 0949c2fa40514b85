import { EXAMPLES, exampleConfig, synthObjects } from '../helpers';

describe.each(EXAMPLES)('SparkApplications of %s', (example) => {
  const apps = synthObjects(exampleConfig(example)).filter((o) => o.kind === 'SparkApplication');

  test('ask Karpenter not to disrupt the node of a running driver, and leave executors disruptable', () => {
    expect.hasAssertions();
    for (const app of apps) {
      expect(app.spec.driver.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
      expect(app.spec.executor.annotations).toBeUndefined();
    }
  });
});
