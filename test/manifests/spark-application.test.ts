import { exampleConfig, findObject, synthObjects } from '../helpers';

const objects = synthObjects(exampleConfig('multi-team.yaml'));

describe('SparkApplications of the multi-team example', () => {
  test('relative files resolve against the mount of deps.bucket, URIs pass through', () => {
    const app = findObject(objects, 'SparkApplication', 'churn-model');
    expect(app.spec.mainApplicationFile).toBe('s3a://acme-ml-code/churn/train.py');
    expect(app.spec.deps.jars).toEqual([
      'local:///mnt/s3/ml-libs/xgboost4j-spark_2.12-2.1.1.jar',
      'local:///mnt/s3/ml-libs/xgboost4j_2.12-2.1.1.jar',
    ]);
    expect(app.spec.deps.pyFiles).toEqual(['local:///mnt/s3/ml-libs/python/churn_features.zip']);
  });

  test('every bucket of the team is mounted, each read-only or writable as configured', () => {
    const app = findObject(objects, 'SparkApplication', 'daily-revenue');
    expect(app.spec.volumes.map((v: any) => v.hostPath?.path ?? v.persistentVolumeClaim.claimName)).toEqual([
      '/mnt/s3/shared-jars',
      '/mnt/s3/scratch',
      's3-udfs',
    ]);
    expect(app.spec.driver.volumeMounts.map((m: any) => [m.mountPath, m.readOnly])).toEqual([
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
    expect(app.spec.hadoopConf).toEqual({ 'fs.s3a.fast.upload': 'true' });
    expect(app.spec.timeToLiveSeconds).toBe(86400);
  });

  test('the DaemonSet runs on the nodes of both teams and tolerates both taints', () => {
    const pod = findObject(objects, 'DaemonSet').spec.template.spec;
    const terms = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms.map((t: any) => t.matchExpressions[0].values[0])).toEqual(['spark-analytics', 'spark-ml']);
    expect(pod.tolerations.map((t: any) => t.value)).toEqual(['spark-analytics', 'spark-ml']);
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
