import { MIN_SPARK_VERSION_FOR_POD_TEMPLATES, SCHEDULED_RUN_SUFFIX_LENGTH, sparkConfKeyProblem, tooOldForPodTemplates } from '../spark/operator-facts';
import { hadoopAwsJar, OFFICIAL_SPARK_IMAGE, readsS3a, SPARK_IMAGE_HADOOP_VERSIONS } from '../spark/s3a';
import { joinPath, Problem } from './problems';
import { teamNamespace } from './resolve';
import { Config, SparkApplicationConfig } from './schema';

/** What the Spark operator would refuse or mis-run although the schema accepts it. */
export function checkSparkRules(config: Config): Problem[] {
  const serviceAccounts = config.teams.flatMap((team, i) =>
    team.serviceAccount.name === team.serviceAccount.executorName
      ? [{ path: `teams[${i}].serviceAccount.executorName`, message: 'must differ from serviceAccount.name: executors run user code and get no pod-management rights' }]
      : [],
  );
  return [...serviceAccounts, ...config.sparkApplications.flatMap((app, i) => applicationProblems(config, app, `sparkApplications[${i}]`))];
}

function applicationProblems(config: Config, app: SparkApplicationConfig, at: string): Problem[] {
  const team = config.teams.find((t) => t.name === app.team);
  return [
    ...(team ? sparkConfKeys(app, at, teamNamespace(team)) : []),
    ...(tooOldForPodTemplates(app.sparkVersion)
      ? [{ path: `${at}.sparkVersion`, message: `must be ${MIN_SPARK_VERSION_FOR_POD_TEMPLATES} or later: the S3 mounts are in pod templates, which the operator refuses for older Spark` }]
      : []),
    ...restartPolicy(app, at),
    ...dynamicAllocation(app, at),
    ...scheduledName(app, at),
    ...scheduleTimeZone(app, at),
    ...s3aClassPath(app, at),
    ...dependencyLists(app, at),
  ];
}

/**
 * Jars on a mount become `extraClassPath` entries, joined by ":", and the
 * operator joins each deps list with "," for spark-submit: a separator inside
 * a URI would split it. A `local://` URI names an absolute path in the pod.
 */
function dependencyLists(app: SparkApplicationConfig, at: string): Problem[] {
  return (['jars', 'files', 'pyFiles'] as const).flatMap((list) =>
    app.deps[list].flatMap((uri, i) => {
      const path = `${at}.deps.${list}[${i}]`;
      if (uri.includes(',')) return [{ path, message: 'must not contain ",": the operator passes the list to spark-submit joined by commas' }];
      if (!uri.startsWith('local://')) return [];
      if (!uri.startsWith('local:///')) return [{ path, message: 'a local:// URI names an absolute path in the pod: local:///mnt/…' }];
      return list === 'jars' && uri.includes(':', 'local://'.length)
        ? [{ path, message: 'must not contain ":" after local://: the jar goes on the class path, whose entries are separated by ":"' }]
        : [];
    }),
  );
}

function sparkConfKeys(app: SparkApplicationConfig, at: string, namespace: string): Problem[] {
  return Object.entries(app.sparkConf).flatMap(([key, value]) => {
    const problem = sparkConfKeyProblem(key, value, namespace);
    return problem ? [{ path: joinPath(`${at}.sparkConf`, key), message: problem }] : [];
  });
}

function restartPolicy(app: SparkApplicationConfig, at: string): Problem[] {
  const policy = app.restartPolicy;
  return (['onFailureRetries', 'onSubmissionFailureRetries'] as const)
    .filter((field) => policy[field] !== undefined && policy.type !== 'OnFailure')
    .map((field) => ({ path: `${at}.restartPolicy.${field}`, message: `applies only to restartPolicy.type OnFailure, not ${policy.type}` }));
}

function dynamicAllocation(app: SparkApplicationConfig, at: string): Problem[] {
  const allocation = app.dynamicAllocation;
  if (!allocation) return [];
  const problems: Problem[] = [];
  if (allocation.minExecutors > allocation.maxExecutors) {
    problems.push({ path: `${at}.dynamicAllocation.minExecutors`, message: `must not exceed maxExecutors (${allocation.maxExecutors})` });
  }
  const initial = allocation.initialExecutors;
  if (initial !== undefined && (initial < allocation.minExecutors || initial > allocation.maxExecutors)) {
    problems.push({ path: `${at}.dynamicAllocation.initialExecutors`, message: `must lie between minExecutors (${allocation.minExecutors}) and maxExecutors (${allocation.maxExecutors})` });
  }
  return problems;
}

/** Each run of a schedule is a SparkApplication `<name>-<19-digit timestamp>`, itself limited to 63 characters. */
function scheduledName(app: SparkApplicationConfig, at: string): Problem[] {
  const limit = 63 - SCHEDULED_RUN_SUFFIX_LENGTH;
  return app.schedule && app.name.length > limit
    ? [{ path: `${at}.name`, message: `must be at most ${limit} characters for a scheduled application: each run is named "${app.name}-<timestamp>" and must stay a 63-character DNS-1035 label` }]
    : [];
}

/**
 * The operator loads `timeZone` with Go's time.LoadLocation and then prefixes
 * the schedule with `CRON_TZ=<timeZone>` (internal/controller/scheduledsparkapplication/controller.go),
 * so a schedule that has its own `CRON_TZ=` would carry two. Node's ICU knows the
 * same IANA zones as Go's tzdata.
 */
function scheduleTimeZone(app: SparkApplicationConfig, at: string): Problem[] {
  const schedule = app.schedule;
  if (!schedule) return [];
  const problems: Problem[] = [];
  const inCron = /^CRON_TZ=(\S+) /.exec(schedule.cron)?.[1];
  if (inCron !== undefined && schedule.timeZone !== undefined) {
    problems.push({ path: `${at}.schedule.timeZone`, message: 'cannot be combined with a CRON_TZ= prefix in schedule.cron: the operator would add a second one' });
  }
  for (const [zone, path] of [[schedule.timeZone, 'timeZone'], [inCron, 'cron']] as const) {
    if (zone !== undefined && !isTimeZone(zone)) problems.push({ path: `${at}.schedule.${path}`, message: `"${zone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)` });
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The official Apache Spark images have no hadoop-aws: without it an s3a://
 * URI fails with ClassNotFoundException; with one of another Hadoop release
 * than the image's, with NoSuchMethodError.
 */
function s3aClassPath(app: SparkApplicationConfig, at: string): Problem[] {
  const official = OFFICIAL_SPARK_IMAGE.exec(app.image);
  if (!official) return [];
  const hadoop = official[1] === undefined ? undefined : SPARK_IMAGE_HADOOP_VERSIONS[official[1]];
  const connector = hadoopAwsJar(app);
  if (connector === undefined) {
    if (!readsS3a(app)) return [];
    const version = hadoop ?? '<Hadoop version of the image>';
    return [
      {
        path: `${at}.deps.jars`,
        message: `the application uses s3a:// URIs, but image ${app.image} has no hadoop-aws: add hadoop-aws-${version}.jar and its aws-java-sdk-bundle jar from a mounted bucket (e.g. local:///mnt/s3/jars/hadoop-aws-${version}.jar)`,
      },
    ];
  }
  return hadoop !== undefined && connector.version !== hadoop
    ? [{ path: `${at}.deps.jars`, message: `hadoop-aws ${connector.version} does not match Hadoop ${hadoop} of image ${app.image}: use hadoop-aws-${hadoop}.jar` }]
    : [];
}
