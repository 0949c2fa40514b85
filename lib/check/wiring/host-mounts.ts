import { posix } from 'node:path';
import { mountDirsInScript } from '../../scripts/mount-script-paths';
import { isRecord, podSpecsOf, SPARK_ROLES, sparkRolePod, sparkSpecsOf } from '../pod-specs';
import { someOf } from '../strings';
import { Finding, finding, referenceOutsideSet, Resource } from '../types';
import { namespaceOf, ObjectIndex } from './object-index';

/** The label our own SparkApplications carry: every hostPath of theirs is an S3 mount. */
const MANAGED_BY = ['app.kubernetes.io/managed-by', 'mountpoint-s3-spark'] as const;

/**
 * The host paths Spark pods mount must be directories something mounts S3 on:
 * a node DaemonSet's script (read from the ConfigMap the DaemonSet mounts,
 * where the script assigns each mount's directory) or the `/etc/fstab` lines
 * an EC2NodeClass's userData writes. A path below such a directory counts.
 *
 * Scoped to what is ours: a hostPath is judged when it lies below the mount
 * root of a declared mount (the directory holding it, e.g. `/mnt/s3` for
 * `/mnt/s3/jars`: a `/mnt/s3/jar` is a typo), or when the SparkApplication is
 * labelled as made by this tool. NVMe local dirs, `/tmp` and the like are
 * someone else's business.
 */
export function checkSparkHostPaths(index: ObjectIndex): Finding[] {
  const mounted = [...hostMountDirs(index)];
  const roots = mounted.map(mountRoot);
  return index.resources.flatMap((app) => {
    const ours = isRecord(app.object.metadata?.labels) && app.object.metadata.labels[MANAGED_BY[0]] === MANAGED_BY[1];
    const reported = new Set<string>();
    return sparkSpecsOf(app.object).flatMap((spark) =>
      SPARK_ROLES.flatMap((role) => {
        // Every volume either pod gets: from its template, Spark conf or the webhook.
        const pod = sparkRolePod(spark, role);
        return pod.spec.volumes.flatMap((volume, i) => {
          const path = isRecord(volume) && isRecord(volume.hostPath) ? volume.hostPath.path : undefined;
          const at = `${pod.volumeOrigins[i]}/hostPath/path`;
          if (typeof path !== 'string' || reported.has(at)) return [];
          reported.add(at);
          if (mounted.some((dir) => isAtOrBelow(path, dir))) return [];
          if (roots.some((root) => isAtOrBelow(path, root))) return [notMounted(app, at, path, mounted)];
          if (!ours) return [];
          if (mounted.length) return [notMounted(app, at, path, mounted)];
          return [
            referenceOutsideSet(
              app,
              at,
              'hostpath-mount',
              `an S3 mount at host path ${path} (node DaemonSet script or EC2NodeClass userData)`,
            ),
          ];
        });
      }),
    );
  });
}

function notMounted(app: Resource, pointer: string, path: string, mounted: readonly string[]): Finding {
  return finding(
    app,
    pointer,
    'hostpath-mount',
    `host path ${path} is not an S3 mount of the nodes (mounted: ${someOf([...mounted].sort())})`,
  );
}

/**
 * The directory that holds a mount (`/mnt/s3` for `/mnt/s3/jars`). A mount
 * whose parent is a top-level directory (`/mnt/jars`) is its own root: `/mnt`
 * also holds local disks.
 */
function mountRoot(dir: string): string {
  const parent = posix.dirname(posix.normalize(dir));
  return parent.split('/').filter(Boolean).length >= 2 ? parent : dir;
}

function isAtOrBelow(path: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  return path === dir || path === base || path.startsWith(`${base}/`);
}

function hostMountDirs(index: ObjectIndex): Set<string> {
  const dirs = new Set<string>();
  for (const daemonSet of index.ofKind('DaemonSet')) {
    for (const pod of podSpecsOf(daemonSet.object)) {
      for (const volume of Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []) {
        const name = volume?.configMap?.name;
        const configMap = typeof name === 'string' ? index.find('ConfigMap', namespaceOf(daemonSet), name) : undefined;
        const data = isRecord(configMap?.object.data) ? configMap.object.data : {};
        for (const text of Object.values(data)) if (typeof text === 'string') mountDirsInScript(text).forEach((d) => dirs.add(d));
      }
    }
  }
  for (const nodeClass of index.ofKind('EC2NodeClass')) {
    const userData = nodeClass.object.spec?.userData;
    if (typeof userData === 'string') fstabMountDirs(userData).forEach((d) => dirs.add(d));
  }
  return dirs;
}

/**
 * Mount points of Mountpoint's fstab lines (`s3://bucket/prefix/ /mnt/dir mount-s3 options 0 0`)
 * wherever they appear in userData: written by echo, printf, a heredoc or cloud-init.
 * fstab writes spaces in paths as `\040`.
 */
export function fstabMountDirs(userData: string): string[] {
  return [...userData.matchAll(/s3:\/\/\S+\s+(\/\S*)\s+mount-s3\b/g)].map((m) =>
    m[1].replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
  );
}
