import * as yaml from 'js-yaml';
import { SPARK_OPERATOR_CHART_VALUES } from '../../lib/spark/operator-facts';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleConfig, textFile } from '../helpers';

const values = yaml.load(textFile(synthesize(exampleConfig('multi-team.yaml')), 'spark-operator-values.yaml')) as Record<string, any>;

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('DIR/spark-operator-values.yaml', () => {
  test('sets only values the Spark operator chart v2.5 has', () => {
    expect.hasAssertions();
    expect(leafPaths(values).sort()).toEqual(Object.keys(SPARK_OPERATOR_CHART_VALUES).sort());
  });

  test('lists every team namespace as a job namespace, in config order', () => {
    expect.hasAssertions();
    expect(values.spark.jobNamespaces).toEqual(['analytics', 'ds-spark']);
  });

  test('turns off the service accounts and roles the chart would create in each namespace', () => {
    expect.hasAssertions();
    expect([values.spark.serviceAccount.create, values.spark.rbac.create]).toEqual([false, false]);
  });

  test('says how to install the operator with it', () => {
    expect.hasAssertions();
    expect(textFile(synthesize(exampleConfig('node-daemonset.yaml')), 'spark-operator-values.yaml')).toMatch(
      /^# .*\n# {3}helm upgrade --install spark-operator .* -f spark-operator-values\.yaml\n/,
    );
  });
});
