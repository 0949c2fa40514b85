import { nestedPaths } from './paths';
import { Problem } from './problems';
import { isNodeLevel } from '../approaches/registry';
import { resolveCacheDirectory } from './resolve';
import { BucketConfig, Config, NodePoolConfig } from './schema';

/**
 * Directories no bucket may be mounted at or cached in, nor anywhere below:
 * the node's own system (a mount there hides it; `chmod 0700` of a cache
 * there breaks it; the userData would replace the node's own fstab line for
 * it), the kubelet's and container runtime's state (under /var/lib), logs,
 * and Mountpoint's own installation (/opt/aws).
 */
export const SYSTEM_TREES: readonly string[] = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt/aws',
  '/opt/cni',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib',
  '/var/lock',
  '/var/log',
  '/var/run',
  '/var/spool',
];

/**
 * Directories a bucket may live below but not replace: mounting over one
 * hides everything else in it (other mounts, instance storage, users' homes,
 * every process's temporary files). `/` itself the schema already refuses.
 */
export const SHARED_PARENTS: readonly string[] = ['/home', '/media', '/mnt', '/opt', '/srv', '/tmp', '/var', '/var/cache', '/var/tmp'];

/** Rules about where on a node mounts and caches go, and what they cost its root volume. */
export function checkHostPathRules(config: Config): Problem[] {
  return [
    ...systemPaths(config),
    ...mountsOverCaches(config),
    ...cachesInMemory(config),
    ...cachesOnRootVolume(config),
    ...packageSourceOnPools(config),
  ];
}

/** Why `path` is no place for a mount or cache; undefined when it is fine. */
export function systemPathProblem(path: string): string | undefined {
  const tree = SYSTEM_TREES.find((t) => path === t || path.startsWith(`${t}/`));
  if (tree)
    return `"${path}" is ${path === tree ? 'a system directory' : `inside the system directory ${tree}`}; choose a directory of its own, such as /mnt/s3/NAME`;
  if (SHARED_PARENTS.includes(path))
    return `"${path}" would hide everything else in it; choose a directory of its own below it, such as ${path}/s3/NAME`;
  return undefined;
}

function systemPaths(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i) => {
    const problems: Problem[] = [];
    const mountProblem = systemPathProblem(bucket.mount.path);
    if (mountProblem) problems.push({ path: `buckets[${i}].mount.path`, message: mountProblem });
    const cache = isNodeLevel(bucket) ? resolveCacheDirectory(bucket) : undefined;
    const cacheProblem = cache === undefined ? undefined : systemPathProblem(cache);
    if (cacheProblem) problems.push({ path: `buckets[${i}].mount.cache.directory`, message: cacheProblem });
    return problems;
  });
}

/**
 * On a node, a cache inside a mount (its own or another bucket's) would be
 * written through FUSE to S3, and a mount over a cache hides it from its
 * Mountpoint. Mount/mount and cache/cache overlaps are `rules.ts`'s.
 */
function mountsOverCaches(config: Config): Problem[] {
  const nodeBuckets = config.buckets.map((bucket, index) => ({ bucket, index })).filter(({ bucket }) => isNodeLevel(bucket));
  return nodeBuckets.flatMap(({ bucket, index }) => {
    const cache = resolveCacheDirectory(bucket);
    if (cache === undefined) return [];
    return nodeBuckets
      .filter(({ bucket: other }) => nestedPaths(cache, other.mount.path))
      .map(({ bucket: other, index: otherIndex }) => ({
        path: `buckets[${index}].mount.cache.directory`,
        message:
          other === bucket
            ? `"${cache}" overlaps this bucket's own mount path "${bucket.mount.path}"; a cache must live outside every mount`
            : `"${cache}" overlaps the mount path "${other.mount.path}" of buckets[${otherIndex}]; a cache must live outside every mount`,
      }));
  });
}

/**
 * /tmp is a tmpfs on Amazon Linux 2023: a cache there lives in the node's
 * memory, and without a limit Mountpoint fills it until 5% is left.
 */
function cachesInMemory(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i) => {
    const cache = isNodeLevel(bucket) ? resolveCacheDirectory(bucket) : undefined;
    if (cache === undefined || !cache.startsWith('/tmp/') || bucket.mount.cache.maxSizeMiB !== undefined) return [];
    return [
      {
        path: `buckets[${i}].mount.cache.maxSizeMiB`,
        message: `is required for a cache under /tmp ("${cache}"): /tmp is a tmpfs in memory on Amazon Linux 2023, and without a limit Mountpoint fills it up to 95%; or choose a directory on disk such as /var/cache/mountpoint-s3/${bucket.name}`,
      },
    ];
  });
}

/**
 * Node-level buckets whose cache a pool's nodes hold: the node-userdata
 * buckets it lists, and the node-daemonset buckets of the teams that run on
 * it (the DaemonSet follows them there).
 */
export function bucketsOnPool(config: Config, pool: NodePoolConfig): BucketConfig[] {
  const names = new Set(pool.buckets);
  for (const team of config.teams.filter((t) => t.nodePool === pool.name)) {
    for (const name of team.buckets) {
      if (config.buckets.find((b) => b.name === name)?.mount.approach === 'node-daemonset') names.add(name);
    }
  }
  return config.buckets.filter((b) => names.has(b.name));
}

/**
 * Caches live on the root volume; sized beyond it they fill the disk
 * (kubelet DiskPressure evicts the Spark pods). A cache without
 * `maxSizeMiB` keeps 5% of the disk free by itself, so only explicit sizes add up.
 */
function cachesOnRootVolume(config: Config): Problem[] {
  return config.nodePools.flatMap((pool, i) => {
    const sized = bucketsOnPool(config, pool).filter(
      (b) => resolveCacheDirectory(b) !== undefined && b.mount.cache.maxSizeMiB !== undefined,
    );
    const totalMiB = sized.reduce((sum, b) => sum + (b.mount.cache.maxSizeMiB ?? 0), 0);
    const volumeMiB = pool.ec2NodeClass.rootVolume.sizeGiB * 1024;
    if (totalMiB <= volumeMiB) return [];
    return [
      {
        path: `nodePools[${i}].ec2NodeClass.rootVolume.sizeGiB`,
        message: `${pool.ec2NodeClass.rootVolume.sizeGiB} GiB (${volumeMiB} MiB) is less than the ${totalMiB} MiB of Mountpoint caches its nodes hold (${sized
          .map((b) => `${b.name}: ${b.mount.cache.maxSizeMiB} MiB`)
          .join(', ')}); grow the volume, lower mount.cache.maxSizeMiB, or leave it unset so Mountpoint keeps 5% of the disk free`,
      },
    ];
  });
}

/**
 * Amazon Linux 2023 carries mount-s3 since its release 2023.9.20251110, and a
 * node stays on the repository version of its AMI; Amazon Linux 2 has none.
 */
const FIRST_AL2023_AMI_WITH_MOUNT_S3 = 20251110;

/** Pools whose nodes cannot install mount-s3 from the Amazon Linux 2023 repository. */
function packageSourceOnPools(config: Config): Problem[] {
  if (config.mountpoint.packageSource !== 'al2023-repository') return [];
  return config.nodePools.flatMap((pool, i) => {
    const nc = pool.ec2NodeClass;
    const field = nc.amiId !== undefined ? 'amiFamily' : 'amiAlias';
    const message = repositoryProblem(
      nc.amiId !== undefined ? nc.amiFamily === 'AL2' : (nc.amiAlias ?? '').startsWith('al2@'),
      nc.amiAlias,
    );
    if (!message || bucketsOnPool(config, pool).length === 0) return [];
    return [{ path: `nodePools[${i}].ec2NodeClass.${field}`, message }];
  });
}

function repositoryProblem(al2: boolean, alias: string | undefined): string | undefined {
  if (al2) {
    return 'is Amazon Linux 2, which has no mount-s3 package: mountpoint.packageSource al2023-repository needs Amazon Linux 2023 (or use packageSource release)';
  }
  const pinned = /^al2023@v(\d{8})$/.exec(alias ?? '');
  if (pinned && Number(pinned[1]) < FIRST_AL2023_AMI_WITH_MOUNT_S3) {
    return `${alias} predates mount-s3 in the Amazon Linux 2023 repository (since AMI v${FIRST_AL2023_AMI_WITH_MOUNT_S3}; nodes stay on their AMI's repository version): pin v${FIRST_AL2023_AMI_WITH_MOUNT_S3} or later, or use packageSource release`;
  }
  return undefined;
}
