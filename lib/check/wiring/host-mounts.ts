import { mountDirsInScript } from '../../scripts/mount-script-paths';
import { operatorPod } from '../../spark/operator-pod';
import { isRecord, podSpecsOf, SPARK_ROLES, sparkSpecsOf } from '../pod-specs';
import { Finding, finding } from '../types';
import { namespaceOf, ObjectIndex } from './object-index';

/**
 * The host paths Spark pods mount must be directories something mounts S3 on:
 * a node DaemonSet's script (read from the ConfigMap the DaemonSet mounts,
 * where the script assigns each mount's directory) or the `/etc/fstab` lines
 * an EC2NodeClass's userData writes. A path below such a directory counts.
 */
export function checkSparkHostPaths(index: ObjectIndex): Finding[] {
  const mounted = hostMountDirs(index);
  return index.resources.flatMap((app) => {
    const reported = new Set<string>();
    return sparkSpecsOf(app.object).flatMap(({ spec, path: specPath }) =>
      SPARK_ROLES.flatMap((role) => {
        // Every volume either pod gets: from its template, Spark conf or the webhook.
        const pod = operatorPod(spec, role, { webhook: true, specPath });
        return pod.spec.volumes.flatMap((volume, i) => {
          const path = volume?.hostPath?.path;
          const at = `${pod.volumeOrigins[i]}/hostPath/path`;
          if (typeof path !== 'string' || reported.has(at)) return [];
          reported.add(at);
          if ([...mounted].some((dir) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`))) return [];
          const known = mounted.size ? `mounted: ${[...mounted].join(', ')}` : 'no DaemonSet script or EC2NodeClass userData among the checked objects mounts anything';
          return [finding(app, at, 'hostpath-mount', `host path ${path} is not an S3 mount of the nodes (${known})`)];
        });
      }),
    );
  });
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
