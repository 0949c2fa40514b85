import { BucketMount, MountpointRelease } from '../mountpoint/types';
import { BucketConfig, Config, SparkApplicationConfig, TeamConfig } from './schema';

/** Where caches go when a bucket does not name its own directory. */
export const DEFAULT_CACHE_ROOT = '/var/cache/mountpoint-s3';

export function teamNamespace(team: TeamConfig): string {
  return team.namespace ?? team.name;
}

export function resolveCacheDirectory(bucket: BucketConfig): string | undefined {
  const cache = bucket.mount.cache;
  return cache.enabled ? (cache.directory ?? `${DEFAULT_CACHE_ROOT}/${bucket.name}`) : undefined;
}

/** The bucket an application's relative files live in: explicit, or the team's only bucket. */
export function resolveDepsBucket(app: SparkApplicationConfig, team: TeamConfig): string | undefined {
  return app.deps.bucket ?? (team.buckets.length === 1 ? team.buckets[0] : undefined);
}

export function findBucket(config: Config, name: string): BucketConfig {
  const bucket = config.buckets.find((b) => b.name === name);
  if (!bucket) throw new Error(`bucket "${name}" was not validated`);
  return bucket;
}

export function findTeam(config: Config, name: string): TeamConfig {
  const team = config.teams.find((t) => t.name === name);
  if (!team) throw new Error(`team "${name}" was not validated`);
  return team;
}

export function toBucketMount(config: Config, bucket: BucketConfig): BucketMount {
  const cacheDirectory = resolveCacheDirectory(bucket);
  const { mount } = bucket;
  return {
    name: bucket.name,
    bucket: bucket.bucket,
    prefix: bucket.prefix,
    region: bucket.region ?? config.cluster.region,
    path: mount.path,
    readOnly: bucket.readOnly,
    allowDelete: bucket.allowDelete,
    allowOverwrite: bucket.allowOverwrite,
    allowOther: mount.allowOther,
    uid: mount.uid,
    gid: mount.gid,
    dirMode: mount.dirMode,
    fileMode: mount.fileMode,
    cache: cacheDirectory ? { directory: cacheDirectory, maxSizeMiB: mount.cache.maxSizeMiB } : undefined,
    metadataTtl: mount.metadataTtl,
    kmsKeyArn: bucket.kmsKeyArn,
    expectedBucketOwner: bucket.expectedBucketOwner,
  };
}

export function toMountpointRelease(config: Config): MountpointRelease {
  const mp = config.mountpoint;
  return {
    version: mp.version,
    baseUrl: mp.releaseBaseUrl,
    packageSource: mp.packageSource,
    verification: mp.sha256
      ? { method: 'sha256', sha256: mp.sha256 }
      : { method: 'gpg', fingerprint: mp.gpgFingerprint, keyUrl: mp.gpgKeyUrl },
  };
}
