import { exampleConfig, findObject, sparkPodSpec, synthObjects } from '../helpers';

// cdk8s-plus converts a pod's nodeSelector with one object spread per key:
// 10,000 labels took a minute (a synchronous build: jest's timeout cannot stop
// it, so the time is asserted). The 20 s limit fails that, not a linear build.
test('10,000 team nodeSelector labels reach both Spark pod templates, in well under 20 s', () => {
  expect.hasAssertions();
  const config = exampleConfig('node-daemonset.yaml');
  const team = config.teams[0] as any;
  const labels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`bench.example.com/key${i}`, `v${i}`]));
  team.nodeSelector = { ...team.nodeSelector, ...labels };
  const started = Date.now();
  const app = findObject(synthObjects(config), 'SparkApplication');
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(['driver', 'executor'].map((role) => sparkPodSpec(app, role as 'driver').nodeSelector)).toEqual([team.nodeSelector, team.nodeSelector]);
}, 120_000);
