import { DENIED_SPARK_CONF_KEYS, OVERRIDDEN_SPARK_CONF_KEYS } from '../../lib/spark/operator-facts';
import { defaultConfigData, problemsOf, startsWith } from '../helpers';

/** Applies `change` to the default config and returns its problems. */
function problemsAfter(change: (config: Record<string, any>) => void): string[] {
  const data = defaultConfigData();
  change(data);
  return problemsOf(data);
}

const app = (config: Record<string, any>) => config.sparkApplications[0];

describe('what the Spark operator refuses or mis-runs is refused in the config', () => {
  test('an application name that starts with a digit (the operator wants a DNS-1035 label)', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).name = '2024-taxi-trip'))).toEqual([
      expect.stringMatching(startsWith('sparkApplications[0].name: must be a DNS-1035 label')),
    ]);
  });

  test('client mode, with the reason', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).mode = 'client'))).toEqual([
      expect.stringMatching(
        startsWith('sparkApplications[0].mode: must be "cluster": in client mode the Spark operator runs spark-submit inside its own pod'),
      ),
    ]);
  });

  test.each(Object.keys(DENIED_SPARK_CONF_KEYS))('sparkConf key %s, which the operator refuses', (key) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).sparkConf[key] = 'x'))).toEqual([
      expect.stringMatching(startsWith(`sparkApplications[0].sparkConf."${key}": the operator refuses it`)),
    ]);
  });

  test.each(Object.keys(OVERRIDDEN_SPARK_CONF_KEYS))('sparkConf key %s, which the operator overrides', (key) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).sparkConf[key] = '/tmp/template.yaml'))).toEqual([
      expect.stringMatching(startsWith(`sparkApplications[0].sparkConf."${key}": the operator overrides it`)),
    ]);
  });

  test('spark.kubernetes.namespace other than the team namespace; the same namespace passes', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).sparkConf['spark.kubernetes.namespace'] = 'default'))).toEqual([
      'sparkApplications[0].sparkConf."spark.kubernetes.namespace": the operator refuses it: must equal the application namespace "spark-team-a"',
    ]);
    expect(problemsAfter((c) => (app(c).sparkConf['spark.kubernetes.namespace'] = 'spark-team-a'))).toEqual([]);
  });

  test('a Spark version before 3.0.0, for which the operator refuses pod templates', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).sparkVersion = '2.4.8'))).toEqual([
      expect.stringMatching(startsWith('sparkApplications[0].sparkVersion: must be 3.0.0 or later')),
    ]);
  });

  test('retry counts with a restart policy other than OnFailure', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).restartPolicy = { type: 'Never', onFailureRetries: 3 }))).toEqual([
      'sparkApplications[0].restartPolicy.onFailureRetries: applies only to restartPolicy.type OnFailure, not Never',
    ]);
  });

  test('dynamic allocation whose minimum exceeds its maximum', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).dynamicAllocation = { minExecutors: 5, maxExecutors: 2 }))).toEqual([
      'sparkApplications[0].dynamicAllocation.minExecutors: must not exceed maxExecutors (2)',
    ]);
  });

  test("a scheduled application whose runs' names would exceed 63 characters", () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        app(c).name = `a${'b'.repeat(43)}`;
        app(c).schedule = { cron: '@daily' };
      }),
    ).toEqual([expect.stringMatching(startsWith('sparkApplications[0].name: must be at most 43 characters for a scheduled application'))]);
  });

  test('a cron schedule that is not one', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron: '0 2 * *' }))).toEqual([
      expect.stringMatching(startsWith('sparkApplications[0].schedule.cron: must be a cron schedule of five fields')),
    ]);
  });

  test('a time zone that does not exist', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron: '@daily', timeZone: 'Europe/Atlantis' }))).toEqual([
      'sparkApplications[0].schedule.timeZone: "Europe/Atlantis" is not an IANA time zone (e.g. Europe/Berlin, UTC)',
    ]);
  });

  test.each([
    ['0 2 * * 7', 'day of week "7": must lie in 0-6 (0 or SUN is Sunday; this parser has no 7)'],
    ['61 2 * * *', 'minute "61": must lie in 0-59'],
    ['0 24 * * *', 'hour "24": must lie in 0-23'],
    ['0 2 0 * *', 'day of month "0": must lie in 1-31'],
    ['0 2 * 13 *', 'month "13": must lie in 1-12'],
    ['a b c d e', 'minute "a": is not a number'],
    ['0 2 * FOO *', 'month "FOO": is not a number or a name such as JAN'],
    ['*/0 * * * *', 'minute "*/0": the step after "/" must be a positive number'],
    ['0 5-2 * * *', 'hour "5-2": the range starts after its end'],
    ['0 1-2-3 * * *', 'hour "1-2-3": has more than one "-"'],
    ['CRON_TZ=UTC 0 2 * * 7', 'day of week "7": must lie in 0-6 (0 or SUN is Sunday; this parser has no 7)'],
  ])("cron %s, which the operator's parser (robfig/cron ParseStandard) refuses", (cron, problem) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron }))).toEqual([`sparkApplications[0].schedule.cron: ${problem}`]);
  });

  test.each([
    '0 2 * * SUN',
    '0 2 * * mon-fri',
    '*/15 8-18 * * 1-5',
    '0 0 1,15 * ?',
    '30 3 * jan,Jul *',
    '5/10 * * * *',
    '0 2 * * 0',
    '@every 6h',
    'CRON_TZ=Europe/Berlin 0 2 * * *',
  ])("cron %s, which the operator's parser accepts, passes", (cron) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron }))).toEqual([]);
  });

  test.each([
    ['europe/berlin', 'e.g. Europe/Berlin'],
    ['utc', 'e.g. UTC'],
    ['etc/utc', 'e.g. Europe/Berlin, UTC'],
  ])('time zone %s: Go loads zone names case-sensitively, Node would accept it', (timeZone, hint) => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron: '@daily', timeZone }))).toEqual([
      `sparkApplications[0].schedule.timeZone: "${timeZone}" is not an IANA time zone name as written: names are case-sensitive (${hint})`,
    ]);
  });

  test.each(['Europe/Berlin', 'UTC', 'Etc/UTC', 'US/Pacific', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'])(
    'time zone %s passes',
    (timeZone) => {
      expect.hasAssertions();
      expect(problemsAfter((c) => (app(c).schedule = { cron: '@daily', timeZone }))).toEqual([]);
    },
  );

  test.each([
    ['executor.instances', (c: Record<string, any>) => (app(c).executor = { instances: 2 ** 31 }), 100000],
    ['driver.cores', (c: Record<string, any>) => (app(c).driver = { cores: 2 ** 31 }), 1024],
    ['dynamicAllocation.maxExecutors', (c: Record<string, any>) => (app(c).dynamicAllocation = { maxExecutors: 2 ** 31 }), 100000],
  ])("%s beyond the CRD's int32, which the API server refuses, is over the sane bound", (field, change, bound) => {
    expect.hasAssertions();
    expect(problemsAfter(change)).toEqual([`sparkApplications[0].${field}: must be <= ${bound}`]);
  });

  test('a Service annotation key whose prefix is longer than a DNS subdomain (253), which the API server refuses', () => {
    expect.hasAssertions();
    const key = `${'a'.repeat(254)}/x`;
    expect(problemsAfter((c) => (app(c).sparkUIOptions = { serviceAnnotations: { [key]: 'v' } }))).toEqual([
      `sparkApplications[0].sparkUIOptions.serviceAnnotations."${key}": the prefix before "/" must be at most 253 characters (a DNS subdomain)`,
    ]);
  });

  test('a pod label key whose prefix is longer than a DNS subdomain (253)', () => {
    expect.hasAssertions();
    const key = `${'a'.repeat(254)}/x`;
    expect(problemsAfter((c) => (app(c).executor = { labels: { [key]: 'v' } }))).toEqual([
      `sparkApplications[0].executor.labels."${key}": the prefix before "/" must be at most 253 characters (a DNS subdomain)`,
    ]);
  });

  test('a sparkConf volume named like the S3 volume of the pod template, which Spark would add a second time', () => {
    expect.hasAssertions();
    const key = 'spark.kubernetes.executor.volumes.hostPath.s3-jars.mount.path';
    expect(problemsAfter((c) => (app(c).sparkConf[key] = '/data'))).toEqual([
      `sparkApplications[0].sparkConf."${key}": volume "s3-jars" is already in the executor pod template (bucket jars): the API server refuses a pod with two volumes of one name`,
    ]);
  });

  test('a sparkConf volume mounted where a bucket is mounted, which the API server refuses', () => {
    expect.hasAssertions();
    const key = 'spark.kubernetes.driver.volumes.emptyDir.scratch.mount.path';
    expect(problemsAfter((c) => (app(c).sparkConf[key] = '/mnt/s3/jars/'))).toEqual([
      `sparkApplications[0].sparkConf."${key}": /mnt/s3/jars/ is where bucket jars is mounted in the driver pod template: a second mount there hides the bucket or makes the API server refuse the pod`,
    ]);
  });

  test('a sparkConf volume of another name and path passes', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).sparkConf['spark.kubernetes.driver.volumes.emptyDir.scratch.mount.path'] = '/scratch'))).toEqual(
      [],
    );
  });

  test('restartPolicy OnFailure without retry counts, with which the operator retries nothing', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).restartPolicy = { type: 'OnFailure' }))).toEqual([
      'sparkApplications[0].restartPolicy.type: OnFailure retries nothing without onFailureRetries or onSubmissionFailureRetries (the operator counts attempts against them): set them, or use Never',
    ]);
  });

  test('restartPolicy Always on a schedule, whose runs would restart even after success and never let the next run start', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => Object.assign(app(c), { schedule: { cron: '@daily' }, restartPolicy: { type: 'Always' } }))).toEqual([
      'sparkApplications[0].restartPolicy.type: Always restarts every run of a schedule even after it succeeds, so a run never ends: use OnFailure or Never',
    ]);
  });

  test('a time zone both in timeZone and as CRON_TZ= in the schedule, where the operator would ignore timeZone', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).schedule = { cron: 'CRON_TZ=UTC 0 2 * * *', timeZone: 'Europe/Berlin' }))).toEqual([
      'sparkApplications[0].schedule.timeZone: cannot be combined with a CRON_TZ= prefix in schedule.cron: the operator adds ' +
        'its CRON_TZ= only to a schedule without one, so timeZone would be ignored',
    ]);
  });

  test('s3a:// URIs on the Apache Spark image without hadoop-aws, with a hint', () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).deps.jars = ['aws-java-sdk-bundle-1.12.647.jar']))).toEqual([
      expect.stringMatching(
        startsWith(
          'sparkApplications[0].deps.jars: the application uses s3a:// URIs, but image apache/spark:3.5.3 has no hadoop-aws: add hadoop-aws-',
        ),
      ),
    ]);
  });

  test("a hadoop-aws jar of another Hadoop release than the image's", () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (app(c).deps.jars = ['hadoop-aws-3.3.1.jar', 'aws-java-sdk-bundle-1.12.262.jar']))).toEqual([
      'sparkApplications[0].deps.jars: hadoop-aws 3.3.1 does not match Hadoop 3.3.4 of image apache/spark:3.5.3: use hadoop-aws-3.3.4.jar',
    ]);
  });

  test('a custom image is trusted to bring its own hadoop-aws', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        app(c).image = '111122223333.dkr.ecr.us-west-2.amazonaws.com/spark:3.5.3-aws';
        app(c).deps.jars = [];
      }),
    ).toEqual([]);
  });

  test('hadoop-aws as a Maven package in spark.jars.packages counts', () => {
    expect.hasAssertions();
    expect(
      problemsAfter((c) => {
        app(c).deps.jars = [];
        app(c).sparkConf['spark.jars.packages'] = 'org.apache.hadoop:hadoop-aws:3.3.4';
      }),
    ).toEqual([]);
  });

  test.each([
    ['jars', 'local:///mnt/s3/jars/a:b.jar', 'must not contain ":" after local://'],
    ['jars', 'local://mnt/s3/jars/a.jar', 'a local:// URI names an absolute path in the pod'],
    ['files', 's3a://bucket/a,b.txt', 'must not contain ","'],
  ])('deps.%s entry %s, which would be split or misread', (list, uri, message) => {
    expect.hasAssertions();
    const problems = problemsAfter((c) => (app(c).deps[list] = [...(app(c).deps[list] ?? []), uri]));
    const at = list === 'jars' ? 2 : 0;
    expect(problems).toEqual([expect.stringMatching(startsWith(`sparkApplications[0].deps.${list}[${at}]: ${message}`))]);
  });

  test("an executor service account named like the driver's", () => {
    expect.hasAssertions();
    expect(problemsAfter((c) => (c.teams[0].serviceAccount.executorName = c.teams[0].serviceAccount.name))).toEqual([
      expect.stringMatching(startsWith('teams[0].serviceAccount.executorName: must differ from serviceAccount.name')),
    ]);
  });
});
