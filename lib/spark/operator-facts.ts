/**
 * What the Spark operator (kubeflow/spark-operator v2.5.2) does with a
 * SparkApplication, written down as data with the upstream file and function
 * each fact was read from. The config rules, `check` and the operator pod
 * model (`operator-pod.ts`) all read these facts from here.
 */

/**
 * sparkConf keys the validating webhook refuses, with its reasons
 * (`deniedSparkConfKeys` in internal/webhook/sparkconf_validator.go).
 */
export const DENIED_SPARK_CONF_KEYS: Readonly<Record<string, string>> = {
  'spark.kubernetes.authenticate.driver.serviceAccountName':
    'the operator refuses it: the service account comes from the team (teams[].serviceAccount)',
  'spark.kubernetes.authenticate.executor.serviceAccountName':
    'the operator refuses it: the service account comes from the team (teams[].serviceAccount.executorName)',
  'spark.kubernetes.authenticate.oauthTokenFile': 'the operator refuses it: authentication credentials are managed by the operator',
  'spark.kubernetes.authenticate.oauthToken': 'the operator refuses it: authentication credentials are managed by the operator',
  'spark.kubernetes.authenticate.driver.oauthTokenFile': 'the operator refuses it: authentication credentials are managed by the operator',
  'spark.kubernetes.authenticate.driver.oauthToken': 'the operator refuses it: authentication credentials are managed by the operator',
  'spark.kubernetes.authenticate.executor.oauthTokenFile':
    'the operator refuses it: authentication credentials are managed by the operator',
  'spark.kubernetes.authenticate.executor.oauthToken': 'the operator refuses it: authentication credentials are managed by the operator',
  'spark.master': 'the operator refuses it: the operator sets the Kubernetes master',
  'spark.kubernetes.driver.master': 'the operator refuses it: the operator sets the Kubernetes master',
  'spark.kubernetes.container.image': 'the operator refuses it: use the image field',
  'spark.kubernetes.driver.container.image': 'the operator refuses it: use the image field',
  'spark.kubernetes.executor.container.image': 'the operator refuses it: use the image field',
};

/**
 * sparkConf keys the operator overrides or must own: since v2.4 it always
 * writes a pod template file per role and passes it with these keys after the
 * user's sparkConf (`driverPodTemplateOption` / `executorPodTemplateOption` in
 * internal/controller/sparkapplication/submission.go); the pod templates we
 * emit carry the mounts instead. The other keys: the same file, as noted.
 */
export const OVERRIDDEN_SPARK_CONF_KEYS: Readonly<Record<string, string>> = {
  'spark.kubernetes.driver.podTemplateFile': 'the operator overrides it with spec.driver.template, which carries the S3 mounts',
  'spark.kubernetes.executor.podTemplateFile': 'the operator overrides it with spec.executor.template, which carries the S3 mounts',
  'spark.kubernetes.driver.podTemplateContainerName': 'the operator overrides it with "spark-kubernetes-driver"',
  'spark.kubernetes.executor.podTemplateContainerName': 'the operator overrides it with "spark-kubernetes-executor"',
  // `sparkConfOption` drops this key; `driverPodNameOption` names the driver pod.
  'spark.kubernetes.driver.pod.name': 'the operator overrides it: it drops the key and names the driver pod "<application>-driver"',
  // `submissionWaitAppCompletionOption` passes false before the user's sparkConf, so a user value would win and block the operator's submission worker.
  'spark.kubernetes.submission.waitAppCompletion':
    'the operator overrides it: spark-submit runs inside the operator and must not wait for the application',
};

/** `spark.kubernetes.namespace` must equal the application's namespace (`validateSparkConf`, same file). */
export const NAMESPACE_SPARK_CONF_KEY = 'spark.kubernetes.namespace';

/** Why the operator refuses or ignores a sparkConf key of an application in `namespace`, or undefined. */
export function sparkConfKeyProblem(key: string, value: string, namespace: string): string | undefined {
  if (Object.hasOwn(DENIED_SPARK_CONF_KEYS, key)) return DENIED_SPARK_CONF_KEYS[key];
  if (Object.hasOwn(OVERRIDDEN_SPARK_CONF_KEYS, key)) return OVERRIDDEN_SPARK_CONF_KEYS[key];
  if (key === NAMESPACE_SPARK_CONF_KEY && value !== namespace)
    return `the operator refuses it: must equal the application namespace "${namespace}"`;
  return undefined;
}

/**
 * The container the operator names in `spark.kubernetes.<role>.podTemplateContainerName`
 * (`common.SparkDriverContainerName`, `common.Spark3DefaultExecutorContainerName` in
 * pkg/common/spark.go); Spark builds the role's main container from it.
 */
export const SPARK_CONTAINER_NAMES = { driver: 'spark-kubernetes-driver', executor: 'spark-kubernetes-executor' } as const;

/**
 * The mutating webhook skips volume mounts whose name starts with this prefix:
 * the operator passes those to Spark as local-dir volumes through Spark conf
 * (`addVolumes` in internal/webhook/sparkpod_defaulter.go, `GetLocalVolumes` in pkg/util/sparkapplication.go).
 */
export const SPARK_LOCAL_DIR_PREFIX = 'spark-local-dir-';

/**
 * A ScheduledSparkApplication's runs are SparkApplications named
 * `<name>-<timestamp>`; the default timestamp precision is nanoseconds, 19
 * digits (`formatTimestamp` in internal/controller/scheduledsparkapplication/controller.go),
 * and each run's name must still be a DNS-1035 label of at most 63 characters.
 */
export const SCHEDULED_RUN_SUFFIX_LENGTH = 20;

/**
 * The validating webhook refuses pod templates for Spark before 3.0.0
 * (`validateSparkVersion` in internal/webhook/sparkapplication_validator.go).
 */
export const MIN_SPARK_VERSION_FOR_POD_TEMPLATES = '3.0.0';

/** Whether Spark `version` (semver) is older than the first one the operator accepts pod templates for. */
export function tooOldForPodTemplates(version: string): boolean {
  const [major] = version.split('.').map(Number);
  return major < Number(MIN_SPARK_VERSION_FOR_POD_TEMPLATES.split('.')[0]);
}

/** The first operator release that passes `spec.driver.template` / `spec.executor.template` to spark-submit. */
export const MIN_OPERATOR_VERSION_FOR_POD_TEMPLATES = '2.1.0';

/**
 * Values of the operator's Helm chart that `spark-operator-values.yaml` sets,
 * with their chart defaults (charts/spark-operator-chart/values.yaml, v2.5.2).
 */
export const SPARK_OPERATOR_CHART_VALUES: Readonly<Record<string, unknown>> = {
  'spark.jobNamespaces': ['default'],
  'spark.serviceAccount.create': true,
  'spark.rbac.create': true,
};
