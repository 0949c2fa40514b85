import { SparkJobProps } from '../constructs/spark-job';
import { findBucket, findTeam, resolveDepsBucket, teamNamespace } from '../config/resolve';
import { resolveBucketReferences } from '../config/references';
import { Config, SparkApplicationConfig } from '../config/schema';
import { bucketVolume } from './bucket-volume';
import { teamPlacement } from './placement';

/**
 * Everything a SparkApplication needs, derived from the config: files
 * relative to a bucket become `local://` URIs under its mount path, the
 * class path lists the same jars by absolute path, and every bucket of the
 * team is mounted into driver and executors.
 */
export function sparkJobProps(config: Config, app: SparkApplicationConfig, labels: Record<string, string>): SparkJobProps {
  const team = findTeam(config, app.team);
  const depsBucketName = resolveDepsBucket(app, team);
  const mountPath = depsBucketName ? findBucket(config, depsBucketName).mount.path : undefined;
  const toUri = (file: string): string => (file.includes('://') ? file : `local://${mountPath}/${file}`);
  const jars = app.deps.jars.map(toUri);
  const localJars = jars.filter((uri) => uri.startsWith('local://')).map((uri) => uri.slice('local://'.length));
  const classPath: Record<string, string> = localJars.length ? { 'spark.driver.extraClassPath': localJars.join(':'), 'spark.executor.extraClassPath': localJars.join(':') } : {};
  const volumes = team.buckets.map((name) => bucketVolume(findBucket(config, name)));
  const placement = teamPlacement(config, team);

  return {
    name: app.name,
    namespace: teamNamespace(team),
    type: app.type,
    mode: app.mode,
    sparkVersion: app.sparkVersion,
    image: app.image,
    imagePullPolicy: app.imagePullPolicy,
    mainApplicationFile: toUri(app.mainApplicationFile),
    mainClass: app.mainClass,
    arguments: app.arguments.map((text) => resolveBucketReferences(config, text)),
    deps: { jars, files: app.deps.files.map(toUri), pyFiles: app.deps.pyFiles.map(toUri) },
    sparkConf: { ...resolveValues(config, app.sparkConf), ...classPath },
    hadoopConf: resolveValues(config, app.hadoopConf),
    serviceAccountName: team.serviceAccount.name,
    driver: app.driver,
    executor: app.executor,
    volumes: volumes.map((v) => v.volume),
    volumeMounts: volumes.map((v) => v.mount),
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    timeToLiveSeconds: app.timeToLiveSeconds,
    labels,
  };
}

function resolveValues(config: Config, map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, text]) => [key, resolveBucketReferences(config, text)]));
}
