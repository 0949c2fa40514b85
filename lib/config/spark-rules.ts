import {
  MIN_SPARK_VERSION_FOR_POD_TEMPLATES,
  SCHEDULED_RUN_SUFFIX_LENGTH,
  sparkConfKeyProblem,
  tooOldForPodTemplates,
} from '../spark/operator-facts';
import { bucketVolumeName } from '../approaches/bucket-volume';
import { parseStandardProblem, timeZoneProblem } from '../spark/schedule';
import { hadoopAwsJar, OFFICIAL_SPARK_IMAGE, readsS3a, SPARK_IMAGE_HADOOP_VERSIONS } from '../spark/s3a';
import { joinPath, Problem } from './problems';
import { teamNamespace } from './resolve';
import { Config, SparkApplicationConfig, TeamConfig } from './schema';
import { findNamed } from './named';

/** What the Spark operator would refuse or mis-run although the schema accepts it. */
export function checkSparkRules(config: Config): Problem[] {
  const serviceAccounts = config.teams.flatMap((team, i) =>
    team.serviceAccount.name === team.serviceAccount.executorName
      ? [
          {
            path: `teams[${i}].serviceAccount.executorName`,
            message: 'must differ from serviceAccount.name: executors run user code and get no pod-management rights',
          },
        ]
      : [],
  );
  return [...serviceAccounts, ...config.sparkApplications.flatMap((app, i) => applicationProblems(config, app, `sparkApplications[${i}]`))];
}

function applicationProblems(config: Config, app: SparkApplicationConfig, at: string): Problem[] {
  const team = findNamed(config.teams, app.team);
  return [
    ...(team ? sparkConfKeys(app, at, teamNamespace(team)) : []),
    ...(team ? sparkConfVolumes(config, team, app, at) : []),
    ...(tooOldForPodTemplates(app.sparkVersion)
      ? [
          {
            path: `${at}.sparkVersion`,
            message: `must be ${MIN_SPARK_VERSION_FOR_POD_TEMPLATES} or later: the S3 mounts are in pod templates, which the operator refuses for older Spark`,
          },
        ]
      : []),
    ...restartPolicy(app, at),
    ...dynamicAllocation(app, at),
    ...scheduledName(app, at),
    ...scheduleTimeZone(app, at),
    ...s3aClassPath(app, at),
    ...dependencyLists(app, at),
    ...qualifiedKeys(app, at),
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
      if (uri.includes(','))
        return [{ path, message: 'must not contain ",": the operator passes the list to spark-submit joined by commas' }];
      if (!uri.startsWith('local://')) return [];
      if (!uri.startsWith('local:///')) return [{ path, message: 'a local:// URI names an absolute path in the pod: local:///mnt/…' }];
      return list === 'jars' && uri.includes(':', 'local://'.length)
        ? [{ path, message: 'must not contain ":" after local://: the jar goes on the class path, whose entries are separated by ":"' }]
        : [];
    }),
  );
}

/** A DNS subdomain's length: the limit of a label or annotation key's prefix (the schema's RE2 patterns cannot count it). */
const KEY_PREFIX_LIMIT = 253;

/** Label and annotation keys the operator puts on the pods and the UI Service, which the API server checks. */
function qualifiedKeys(app: SparkApplicationConfig, at: string): Problem[] {
  const maps = [
    [`${at}.driver.labels`, app.driver.labels],
    [`${at}.executor.labels`, app.executor.labels],
    [`${at}.sparkUIOptions.serviceAnnotations`, app.sparkUIOptions?.serviceAnnotations ?? {}],
  ] as const;
  return maps.flatMap(([path, map]) =>
    Object.keys(map)
      .filter((key) => key.includes('/') && key.indexOf('/') > KEY_PREFIX_LIMIT)
      .map((key) => ({
        path: joinPath(path, key),
        message: `the prefix before "/" must be at most ${KEY_PREFIX_LIMIT} characters (a DNS subdomain)`,
      })),
  );
}

/** `spark.kubernetes.<role>.volumes.<type>.<name>.…`: volumes Spark adds to the pod built from the template. */
const SPARK_CONF_VOLUME = /^spark\.kubernetes\.(driver|executor)\.volumes\.[^.]+\.([^.]+)\.(.+)$/;
const SPARK_CONF_VOLUME_PREFIX = 'spark.kubernetes.';

/**
 * The pod templates hold a volume per bucket of the team; Spark appends the
 * volumes of its conf without looking at the template's.
 */
function sparkConfVolumes(config: Config, team: TeamConfig, app: SparkApplicationConfig, at: string): Problem[] {
  const buckets = team.buckets.map((name) => findNamed(config.buckets, name)).filter((bucket) => bucket !== undefined);
  const withoutSlash = (path: string) => path.replace(/\/+$/, '');
  // Only volume keys can clash: the rest of a 100,000-key sparkConf is not looked at twice.
  const volumeKeys = Object.keys(app.sparkConf).filter((key) => key.startsWith(SPARK_CONF_VOLUME_PREFIX));
  return volumeKeys.flatMap((key) => {
    const value = app.sparkConf[key];
    const [, role, name, option] = SPARK_CONF_VOLUME.exec(key) ?? [];
    if (!role) return [];
    const path = joinPath(`${at}.sparkConf`, key);
    const sameName = buckets.find((bucket) => bucketVolumeName(bucket) === name);
    if (sameName)
      return [
        {
          path,
          message: `volume "${name}" is already in the ${role} pod template (bucket ${sameName.name}): the API server refuses a pod with two volumes of one name`,
        },
      ];
    const samePath =
      option === 'mount.path' ? buckets.find((bucket) => withoutSlash(bucket.mount.path) === withoutSlash(value)) : undefined;
    return samePath
      ? [
          {
            path,
            message: `${value} is where bucket ${samePath.name} is mounted in the ${role} pod template: a second mount there hides the bucket or makes the API server refuse the pod`,
          },
        ]
      : [];
  });
}

function sparkConfKeys(app: SparkApplicationConfig, at: string, namespace: string): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(app.sparkConf)) {
    const problem = sparkConfKeyProblem(key, app.sparkConf[key], namespace);
    if (problem) problems.push({ path: joinPath(`${at}.sparkConf`, key), message: problem });
  }
  return problems;
}

/**
 * The operator retries a run or a submission under OnFailure only while the
 * attempts stay within the counts (`ShouldRetry` in pkg/util/sparkapplication.go),
 * and under Always restarts a run even after it succeeds.
 */
function restartPolicy(app: SparkApplicationConfig, at: string): Problem[] {
  const policy = app.restartPolicy;
  const problems = (['onFailureRetries', 'onSubmissionFailureRetries'] as const)
    .filter((field) => policy[field] !== undefined && policy.type !== 'OnFailure')
    .map((field) => ({
      path: `${at}.restartPolicy.${field}`,
      message: `applies only to restartPolicy.type OnFailure, not ${policy.type}`,
    }));
  const type = `${at}.restartPolicy.type`;
  if (policy.type === 'OnFailure' && policy.onFailureRetries === undefined && policy.onSubmissionFailureRetries === undefined) {
    problems.push({
      path: type,
      message:
        'OnFailure retries nothing without onFailureRetries or onSubmissionFailureRetries (the operator counts attempts against them): set them, or use Never',
    });
  }
  if (policy.type === 'Always' && app.schedule) {
    problems.push({
      path: type,
      message: 'Always restarts every run of a schedule even after it succeeds, so a run never ends: use OnFailure or Never',
    });
  }
  return problems;
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
    problems.push({
      path: `${at}.dynamicAllocation.initialExecutors`,
      message: `must lie between minExecutors (${allocation.minExecutors}) and maxExecutors (${allocation.maxExecutors})`,
    });
  }
  return problems;
}

/** Each run of a schedule is a SparkApplication `<name>-<19-digit timestamp>`, itself limited to 63 characters. */
function scheduledName(app: SparkApplicationConfig, at: string): Problem[] {
  const limit = 63 - SCHEDULED_RUN_SUFFIX_LENGTH;
  return app.schedule && app.name.length > limit
    ? [
        {
          path: `${at}.name`,
          message: `must be at most ${limit} characters for a scheduled application: each run is named "${app.name}-<timestamp>" and must stay a 63-character DNS-1035 label`,
        },
      ]
    : [];
}

/**
 * The operator loads `timeZone` with Go's time.LoadLocation and then prefixes
 * the schedule with `CRON_TZ=<timeZone>` only when it has no `CRON_TZ=`/`TZ=`
 * prefix of its own (internal/controller/scheduledsparkapplication/controller.go):
 * next to one, `timeZone` is ignored. Zones and schedules it cannot parse
 * leave the application never run; the schedule is judged by the model of
 * its parser that `check` uses (lib/spark/schedule.ts), zones more strictly
 * (an IANA name as written, not Go's `Local`).
 */
function scheduleTimeZone(app: SparkApplicationConfig, at: string): Problem[] {
  const schedule = app.schedule;
  if (!schedule) return [];
  const problems: Problem[] = [];
  const inCron = /^CRON_TZ=(\S+) /.exec(schedule.cron)?.[1];
  if (inCron !== undefined && schedule.timeZone !== undefined) {
    problems.push({
      path: `${at}.schedule.timeZone`,
      message:
        'cannot be combined with a CRON_TZ= prefix in schedule.cron: the operator adds its CRON_TZ= only to a schedule without one, so timeZone would be ignored',
    });
  }
  for (const [zone, path] of [
    [schedule.timeZone, 'timeZone'],
    [inCron, 'cron'],
  ] as const) {
    const problem = zone === undefined ? undefined : timeZoneProblem(zone);
    if (problem) problems.push({ path: `${at}.schedule.${path}`, message: problem });
  }
  const cron = parseStandardProblem(schedule.cron.replace(/^CRON_TZ=\S+ /, ''));
  return cron ? [...problems, { path: `${at}.schedule.cron`, message: cron }] : problems;
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
    ? [
        {
          path: `${at}.deps.jars`,
          message: `hadoop-aws ${connector.version} does not match Hadoop ${hadoop} of image ${app.image}: use hadoop-aws-${hadoop}.jar`,
        },
      ]
    : [];
}
