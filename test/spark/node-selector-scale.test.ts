import { exampleConfig, findObject, sparkPodSpec, synthObjects } from '../helpers';

// cdk8s-plus converts a pod's nodeSelector with one object spread per key, which
// made 10,000 labels take a minute; its time per size is a row of `npm run bench`
// (bench/rows/input-size.js), not an assertion here.
test('10,000 team nodeSelector labels reach both Spark pod templates', () => {
  expect.hasAssertions();
  const config = exampleConfig('node-daemonset.yaml');
  const team = config.teams[0] as any;
  const labels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`bench.example.com/key${i}`, `v${i}`]));
  team.nodeSelector = { ...team.nodeSelector, ...labels };
  const app = findObject(synthObjects(config), 'SparkApplication');
  expect(['driver', 'executor'].map((role) => sparkPodSpec(app, role as 'driver').nodeSelector)).toEqual([
    team.nodeSelector,
    team.nodeSelector,
  ]);
}, 120_000);
