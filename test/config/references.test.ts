import { defaultConfigData, exampleConfig, findObject, problemsOf, sparkSpec, synthObjects } from '../helpers';

describe('${bucket:NAME} in SparkApplication arguments and conf', () => {
  test('becomes the S3 name of the bucket in arguments and sparkConf', () => {
    const app = sparkSpec(findObject(synthObjects(exampleConfig('multi-team.yaml')), 'ScheduledSparkApplication', 'daily-revenue'));
    expect(app.arguments).toContain('s3a://acme-spark-scratch/reports/daily-revenue/');
    expect(app.sparkConf['spark.eventLog.dir']).toBe('s3a://acme-spark-scratch/spark-events/');
  });

  test("Spark's own ${prefix:key} references are left for Spark", () => {
    const data = defaultConfigData();
    data.sparkApplications[0].hadoopConf = { 'fs.s3a.endpoint.region': '${env:AWS_REGION}' };
    const config = exampleConfig('node-daemonset.yaml');
    config.sparkApplications[0].hadoopConf = data.sparkApplications[0].hadoopConf;
    expect(problemsOf(data)).toEqual([]);
    expect(findObject(synthObjects(config), 'SparkApplication').spec.hadoopConf['fs.s3a.endpoint.region']).toBe('${env:AWS_REGION}');
  });

  test('an unknown bucket is refused at the argument, with a suggestion', () => {
    const data = defaultConfigData();
    data.sparkApplications[0].arguments = ['--in', 's3a://${bucket:jar}/x/'];
    expect(problemsOf(data)).toEqual(['sparkApplications[0].arguments[1]: ${bucket:jar}: unknown bucket "jar" (did you mean "jars"?)']);
  });

  test('an unknown bucket is refused at the sparkConf and hadoopConf key', () => {
    const data = defaultConfigData();
    data.sparkApplications[0].sparkConf = { 'spark.eventLog.dir': 's3a://${bucket:logs}/events/' };
    data.sparkApplications[0].hadoopConf = { 'fs.s3a.bucket.x': '${bucket:}' };
    expect(problemsOf(data)).toEqual([
      'sparkApplications[0].sparkConf."spark.eventLog.dir": ${bucket:logs}: unknown bucket "logs"',
      'sparkApplications[0].hadoopConf."fs.s3a.bucket.x": ${bucket:}: unknown bucket ""',
    ]);
  });
});
