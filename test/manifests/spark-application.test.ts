import { exampleConfig, findObject, sparkContainer, sparkPodSpec, sparkSpec, synthObjects } from '../helpers';

const objects = synthObjects(exampleConfig('multi-team.yaml'));

describe('SparkApplications of the multi-team example', () => {
  test('relative files resolve against the mount of deps.bucket, URIs pass through', () => {
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.spec.mainApplicationFile).toBe('s3a://acme-ml-code/churn/train.py');
    expect(app.spec.sparkConf['spark.executor.extraClassPath'].split(':')).toEqual([
      '/mnt/s3/ml-libs/xgboost4j-spark_2.12-2.1.1.jar',
      '/mnt/s3/ml-libs/xgboost4j_2.12-2.1.1.jar',
      '/mnt/s3/shared-jars/hadoop-aws-3.3.4.jar',
      '/mnt/s3/shared-jars/aws-java-sdk-bundle-1.12.262.jar',
    ]);
    expect(app.spec.deps).toEqual({ pyFiles: ['local:///mnt/s3/ml-libs/python/churn_features.zip'] });
  });

  test('every bucket of the team is mounted, each read-only or writable as configured', () => {
    const app = findObject(objects, 'ScheduledSparkApplication', 'daily-revenue');
    expect(sparkPodSpec(app, 'executor').volumes.map((v: any) => v.hostPath?.path ?? v.persistentVolumeClaim.claimName)).toEqual([
      '/mnt/s3/shared-jars',
      '/mnt/s3/scratch',
      's3-udfs',
    ]);
    expect(sparkContainer(app, 'driver').volumeMounts.map((m: any) => [m.mountPath, m.readOnly])).toEqual([
      ['/mnt/s3/shared-jars', true],
      ['/mnt/s3/scratch', false],
      ['/mnt/s3/udfs', true],
    ]);
  });

  test('applications live in their team namespace and run as its service account', () => {
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.metadata.namespace).toBe('ds-spark');
    expect(app.spec.driver.serviceAccount).toBe('spark-ds');
    expect(findObject(objects, 'ServiceAccount', 'spark-ds').metadata.namespace).toBe('ds-spark');
  });

  test('sparkConf, hadoopConf and timeToLiveSeconds pass through', () => {
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.spec.sparkConf['spark.sql.shuffle.partitions']).toBe('400');
    expect(app.spec.hadoopConf).toEqual(expect.objectContaining({ 'fs.s3a.fast.upload': 'true' }));
    expect(app.spec.timeToLiveSeconds).toBe(86400);
  });

  test('the DaemonSet runs on the nodes of both teams and tolerates both taints', () => {
    const pod = findObject(objects, 'DaemonSet').spec.template.spec;
    const terms = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms.map((t: any) => t.matchExpressions[0].values[0])).toEqual(['spark-analytics', 'spark-ml']);
    expect(pod.tolerations.map((t: any) => t.value)).toEqual(['spark-analytics', 'spark-ml']);
  });
});

describe('operator settings of the multi-team example', () => {
  test('a recurring application is a ScheduledSparkApplication with its cron schedule, time zone, concurrency policy and history limits', () => {
    expect.hasAssertions();
    const scheduled = findObject(objects, 'ScheduledSparkApplication', 'daily-revenue');
    expect(scheduled.spec).toEqual(
      expect.objectContaining({
        schedule: '0 2 * * *',
        timeZone: 'Europe/Berlin',
        concurrencyPolicy: 'Forbid',
        suspend: false,
        successfulRunHistoryLimit: 3,
        failedRunHistoryLimit: 3,
      }),
    );
    expect(sparkSpec(scheduled).mainClass).toBe('com.acme.analytics.DailyRevenue');
  });

  test('restartPolicy OnFailure carries its retries and intervals', () => {
    expect.hasAssertions();
    expect(sparkSpec(findObject(objects, 'ScheduledSparkApplication', 'daily-revenue')).restartPolicy).toEqual({
      type: 'OnFailure',
      onFailureRetries: 2,
      onFailureRetryInterval: 60,
      onSubmissionFailureRetries: 3,
      onSubmissionFailureRetryInterval: 30,
    });
  });

  test('dynamic allocation is enabled with shuffle tracking, and the UI service has its port', () => {
    expect.hasAssertions();
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.spec.dynamicAllocation).toEqual({ enabled: true, shuffleTrackingEnabled: true, minExecutors: 1, maxExecutors: 10 });
    expect(app.spec.sparkUIOptions).toEqual({ servicePort: 4040, serviceType: 'ClusterIP' });
  });

  test('an application of a team with an IRSA role that uses s3a:// gets the web-identity credentials provider', () => {
    expect.hasAssertions();
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.spec.hadoopConf['fs.s3a.aws.credentials.provider']).toBe('com.amazonaws.auth.WebIdentityTokenCredentialsProvider');
  });
});

describe('SparkApplication without dependencies', () => {
  test('has no deps section and no class path', () => {
    const config = exampleConfig('node-daemonset.yaml');
    const app = { ...config.sparkApplications[0], deps: { jars: [], files: [], pyFiles: [] }, mainApplicationFile: 's3a://code/app.py' };
    const synthesized = findObject(synthObjects({ ...config, sparkApplications: [app] }), 'SparkApplication');
    expect(synthesized.spec.deps).toBeUndefined();
    expect(synthesized.spec.sparkConf['spark.driver.extraClassPath']).toBeUndefined();
  });
});
