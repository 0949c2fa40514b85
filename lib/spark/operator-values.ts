import { teamNamespace } from '../config/resolve';
import { Config } from '../config/schema';
import { toYaml } from '../rendered-files';
import { MIN_OPERATOR_VERSION_FOR_POD_TEMPLATES } from './operator-facts';

/** Where `synth` writes the values for the Spark operator's Helm chart. */
export const SPARK_OPERATOR_VALUES_PATH = 'spark-operator-values.yaml';

/**
 * Values for the Spark operator's own Helm chart (kubeflow/spark-operator):
 * it watches only `spark.jobNamespaces` (chart default `[default]`, and its
 * webhook ignores `spark.jobNamespaceSelector`), and it would create a
 * ServiceAccount and Role in each of them; the team namespaces, service
 * accounts and driver Role of this bundle replace those.
 */
export function renderSparkOperatorValues(config: Config): string {
  const header = [
    '# Values for the Spark operator Helm chart (kubeflow/spark-operator >= ' +
      MIN_OPERATOR_VERSION_FOR_POD_TEMPLATES +
      ', tested against v2.5), written by mountpoint-s3-spark:',
    '#   helm upgrade --install spark-operator spark-operator/spark-operator -n spark-operator --create-namespace -f spark-operator-values.yaml',
    '# The operator watches only the team namespaces listed here. Their service accounts and the',
    "# driver's Role come from this bundle, so the chart creates none of its own. The S3 mounts are",
    '# in the pod templates: the pods get them whether or not webhook.enable is true.',
    '',
  ].join('\n');
  const values = {
    spark: {
      jobNamespaces: [...new Set(config.teams.map(teamNamespace))],
      serviceAccount: { create: false },
      rbac: { create: false },
    },
  };
  return header + toYaml(values);
}
