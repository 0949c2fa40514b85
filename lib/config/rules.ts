import { gitOpsConfigProblems } from './gitops-rules';
import { iamPolicyFileProblems } from './iam-policy-targets';
import { awsPartition } from '../iam/s3-access-policy';
import { PathIndex } from './paths';
import { checkHostPathRules } from './host-path-rules';
import { isNodeLevel, MOUNT_APPROACH_MODULES } from '../approaches/registry';
import { checkSparkRules } from './spark-rules';
import { yamlLineBreakProblems } from './line-break-rules';
import { joinPath, Problem } from './problems';
import { bucketReferenceProblems } from './references';
import { resolveCacheDirectory, resolveDepsBucket, teamNamespace } from './resolve';
import { Config } from './schema';
import { unknownNameMessage } from './validate-schema';
import { findNamed } from './named';

/**
 * Rules a JSON Schema cannot express: uniqueness, references between
 * sections, and combinations that would produce objects that clash.
 * Runs only on a config that already passed the schema. `environment`: the
 * environment `config` was merged for, whose name its GitOps objects carry.
 */
export function checkConfigRules(config: Config, environment?: string, options: RuleOptions = {}): Problem[] {
  return [
    ...uniqueNames(config),
    ...bucketFlags(config),
    ...kmsKeyPlacement(config),
    ...metadataTtlRange(config),
    ...nodeMountLayout(config),
    ...checkHostPathRules(config),
    ...teamReferences(config),
    ...applicationReferences(config),
    // Each mount approach's own rules (pod-csi claims, node pools), on every config.
    ...Object.values(MOUNT_APPROACH_MODULES).flatMap((approach) => approach.rules(config)),
    ...iamPolicyFileProblems(config),
    ...bucketReferenceProblems(config),
    ...checkSparkRules(config),
    ...gitOpsConfigProblems(config, environment),
    ...(options.freeOfLineBreaks ? [] : yamlLineBreakProblems(config)),
  ];
}

export interface RuleOptions {
  /** Known to hold no YAML 1.1 line break (its JSON text was scanned: `jsonTextFreeOfLineBreaks`), so not walked for one. */
  readonly freeOfLineBreaks?: boolean;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string, section: string, field: string, what: string): Problem[] {
  const first = new Map<string, number>();
  return items.flatMap((item, index) => {
    const value = key(item);
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, index);
      return [];
    }
    return [{ path: `${section}[${index}].${field}`, message: `${what} "${value}" is already used by ${section}[${earlier}]` }];
  });
}

function uniqueNames(config: Config): Problem[] {
  return [
    ...duplicates(config.buckets, (b) => b.name, 'buckets', 'name', 'bucket name'),
    ...duplicates(config.teams, (t) => t.name, 'teams', 'name', 'team name'),
    ...duplicates(config.teams, teamNamespace, 'teams', 'namespace', 'namespace'),
    ...duplicates(config.nodePools, (p) => p.name, 'nodePools', 'name', 'node pool name'),
    ...duplicates(config.sparkApplications, (a) => a.name, 'sparkApplications', 'name', 'application name'),
    ...config.teams.flatMap((team, i) =>
      teamNamespace(team) === config.nodeDaemonSet.namespace
        ? [{ path: `teams[${i}].namespace`, message: `namespace "${teamNamespace(team)}" is the node DaemonSet's system namespace` }]
        : [],
    ),
  ];
}

function bucketFlags(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i) =>
    (['allowDelete', 'allowOverwrite'] as const)
      .filter((flag) => bucket.readOnly && bucket[flag])
      .map((flag) => ({
        path: `buckets[${i}].${flag}`,
        message: `needs readOnly: false (a read-only mount cannot ${flag === 'allowDelete' ? 'delete' : 'overwrite'})`,
      })),
  );
}

/** S3 encrypts a bucket's objects only with KMS keys of its own partition and region. */
function kmsKeyPlacement(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i) => {
    const key = bucket.kmsKeyArn && /^arn:([^:]+):kms:([^:]+):/.exec(bucket.kmsKeyArn);
    if (!key) return [];
    const region = bucket.region ?? config.cluster.region;
    const path = `buckets[${i}].kmsKeyArn`;
    if (key[1] !== awsPartition(region)) {
      return [
        { path, message: `is in partition "${key[1]}", but the bucket's region ${region} is in partition "${awsPartition(region)}"` },
      ];
    }
    if (key[2] !== region) {
      return [{ path, message: `is in region ${key[2]}, but the bucket is in ${region}; S3 uses only KMS keys of the bucket's region` }];
    }
    return [];
  });
}

/** Mountpoint refuses a metadata TTL above 100 years (time_to_live.rs, MAXIMUM_TTL_SECONDS). */
export const MAX_METADATA_TTL_SECONDS = 100 * 365 * 24 * 60 * 60;

function metadataTtlRange(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i) =>
    /^[0-9]+$/.test(bucket.mount.metadataTtl) && Number(bucket.mount.metadataTtl) > MAX_METADATA_TTL_SECONDS
      ? [
          {
            path: `buckets[${i}].mount.metadataTtl`,
            message: `Mountpoint accepts at most ${MAX_METADATA_TTL_SECONDS} seconds (100 years); use "indefinite"`,
          },
        ]
      : [],
  );
}

/** Node-level mounts share one host: their paths and caches must not collide. */
function nodeMountLayout(config: Config): Problem[] {
  const nodeBuckets = config.buckets.map((bucket, index) => ({ bucket, index })).filter(({ bucket }) => isNodeLevel(bucket));
  const caches = nodeBuckets.map(({ bucket }) => resolveCacheDirectory(bucket));
  const mountIndex = new PathIndex(nodeBuckets.map(({ bucket }) => bucket.mount.path));
  const cacheIndex = new PathIndex(caches);
  const problems: Problem[] = [];
  for (const [n, { bucket, index }] of nodeBuckets.entries()) {
    const cache = caches[n];
    const mountOverlaps = new Set(mountIndex.nestedWith(bucket.mount.path).filter((m) => m < n));
    const cacheOverlaps = new Set(cache === undefined ? [] : cacheIndex.nestedWith(cache).filter((m) => m < n));
    // Reported by the earlier bucket, the mount path before the cache of each.
    for (const m of [...new Set([...mountOverlaps, ...cacheOverlaps])].sort((a, b) => a - b)) {
      const { bucket: other, index: otherIndex } = nodeBuckets[m];
      if (mountOverlaps.has(m)) {
        problems.push({
          path: `buckets[${index}].mount.path`,
          message: `"${bucket.mount.path}" overlaps the mount path "${other.mount.path}" of buckets[${otherIndex}] on the same node`,
        });
      }
      if (cacheOverlaps.has(m)) {
        problems.push({
          path: `buckets[${index}].mount.cache.directory`,
          message: `"${cache}" overlaps the cache directory "${caches[m]}" of buckets[${otherIndex}]; each mount needs its own`,
        });
      }
    }
  }
  return problems;
}

function teamReferences(config: Config): Problem[] {
  const bucketNames = config.buckets.map((b) => b.name);
  const known = new Set(bucketNames);
  return config.teams.flatMap((team, i) =>
    team.buckets.flatMap((name, j) =>
      known.has(name) ? [] : [{ path: `teams[${i}].buckets[${j}]`, message: unknownNameMessage('bucket', name, bucketNames) }],
    ),
  );
}

/** Spark options this tool derives from deps and mounts; a user value would silently fight it. */
const MANAGED_SPARK_CONF = ['spark.driver.extraClassPath', 'spark.executor.extraClassPath'];

function applicationReferences(config: Config): Problem[] {
  const teamNames = config.teams.map((t) => t.name);
  return config.sparkApplications.flatMap((app, i) => {
    const at = `sparkApplications[${i}]`;
    const problems: Problem[] = [];
    const team = findNamed(config.teams, app.team);
    if (!team) {
      return [{ path: `${at}.team`, message: unknownNameMessage('team', app.team, teamNames) }];
    }
    if ((app.type === 'Java' || app.type === 'Scala') && !app.mainClass) {
      problems.push({ path: `${at}.mainClass`, message: `is required for type ${app.type}` });
    }
    if (app.deps.bucket !== undefined && !team.buckets.includes(app.deps.bucket)) {
      problems.push({
        path: `${at}.deps.bucket`,
        message: `bucket "${app.deps.bucket}" is not one of team "${team.name}"'s buckets (${team.buckets.join(', ')})`,
      });
    } else if (usesRelativeFiles(app) && resolveDepsBucket(app, team) === undefined) {
      problems.push({
        path: `${at}.deps.bucket`,
        message: `is required: team "${team.name}" has several buckets, so relative files are ambiguous`,
      });
    }
    for (const key of MANAGED_SPARK_CONF) {
      if (key in app.sparkConf) {
        problems.push({ path: joinPath(`${at}.sparkConf`, key), message: 'is set from deps.jars; list the jars there instead' });
      }
    }
    return problems;
  });
}

function usesRelativeFiles(app: Config['sparkApplications'][number]): boolean {
  const files = [app.mainApplicationFile, ...app.deps.jars, ...app.deps.files, ...app.deps.pyFiles];
  return files.some((file) => !file.includes('://'));
}
