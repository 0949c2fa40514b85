import { SparkJobProps } from '../constructs/spark-job';
import { findBucket, findTeam, resolveDepsBucket, teamNamespace } from '../config/resolve';
import { resolveBucketReferences } from '../config/references';
import { Config, SparkApplicationConfig, TeamConfig } from '../config/schema';
import { bucketVolume } from '../approaches/bucket-volume';
import { mapValues } from '../map-values';
import { renderedSelector, teamPlacement } from './placement';
import { hadoopAwsJar, readsS3a, S3A_CREDENTIALS_PROVIDER, webIdentityProvider } from './s3a';

/**
 * Everything a SparkApplication needs, derived from the config: files
 * relative to a bucket become `local://` URIs under its mount path, and
 * every bucket of the team is mounted into driver and executors. Jars on a
 * mount go on the class path by absolute path only: as `local://` entries of
 * `deps.jars` every executor would fetch and copy each of them; `deps.jars`
 * keeps the jars that are not on a mount.
 */
export function sparkJobProps(config: Config, app: SparkApplicationConfig, labels: Record<string, string>): SparkJobProps {
  const team = findTeam(config, app.team);
  const depsBucketName = resolveDepsBucket(app, team);
  const mountPath = depsBucketName ? findBucket(config, depsBucketName).mount.path : undefined;
  const toUri = (file: string): string => (file.includes('://') ? file : `local://${mountPath}/${file}`);
  const jars = app.deps.jars.map(toUri);
  const mountedJars = jars.filter((uri) => uri.startsWith('local://')).map((uri) => uri.slice('local://'.length));
  const classPath: Record<string, string> = mountedJars.length
    ? { 'spark.driver.extraClassPath': mountedJars.join(':'), 'spark.executor.extraClassPath': mountedJars.join(':') }
    : {};
  const volumes = team.buckets.map((name) => bucketVolume(findBucket(config, name)));
  const placement = teamPlacement(config, team);

  return {
    name: app.name,
    namespace: teamNamespace(team),
    type: app.type,
    sparkVersion: app.sparkVersion,
    image: app.image,
    imagePullPolicy: app.imagePullPolicy,
    mainApplicationFile: toUri(app.mainApplicationFile),
    mainClass: app.mainClass,
    arguments: app.arguments.map((text) => resolveBucketReferences(config, text)),
    deps: {
      jars: jars.filter((uri) => !uri.startsWith('local://')),
      files: app.deps.files.map(toUri),
      pyFiles: app.deps.pyFiles.map(toUri),
    },
    sparkConf: Object.assign(resolveValues(config, app.sparkConf), classPath),
    hadoopConf: resolveValues(config, app.hadoopConf, s3aCredentials(app, team)),
    driverServiceAccountName: team.serviceAccount.name,
    executorServiceAccountName: team.serviceAccount.executorName,
    driver: app.driver,
    executor: app.executor,
    volumes: volumes.map((v) => v.volume),
    volumeMounts: volumes.map((v) => v.mount),
    nodeSelector: renderedSelector(placement.nodeSelector),
    tolerations: placement.tolerations,
    timeToLiveSeconds: app.timeToLiveSeconds,
    restartPolicy: app.restartPolicy,
    dynamicAllocation: app.dynamicAllocation,
    sparkUIOptions: app.sparkUIOptions,
    schedule: app.schedule,
    labels,
  };
}

/**
 * S3A's default credential chain ends at the node's instance profile, not
 * the team's IRSA role: an application that uses s3a:// in a team with an
 * IRSA role gets the web-identity provider (unless its sparkConf or hadoopConf
 * names providers). With
 * EKS Pod Identity the SDK's default chain finds the role itself.
 */
function s3aCredentials(app: SparkApplicationConfig, team: TeamConfig): Record<string, string> {
  const irsa = team.serviceAccount.iamRoleArn !== undefined && !team.serviceAccount.eksPodIdentity;
  const chosen = `spark.hadoop.${S3A_CREDENTIALS_PROVIDER}` in app.sparkConf;
  return irsa && !chosen && readsS3a(app) ? { [S3A_CREDENTIALS_PROVIDER]: webIdentityProvider(hadoopAwsJar(app)?.version) } : {};
}

/** `map` with its bucket references resolved, added to `into` (after what it holds). */
function resolveValues(config: Config, map: Record<string, string>, into: Record<string, string> = {}): Record<string, string> {
  return mapValues(map, (text) => resolveBucketReferences(config, text), into);
}
