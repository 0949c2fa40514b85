import { admissionPolicyEnabled, s3Claims } from './s3-claims';
import { nestedPaths } from '../../../config/paths';
import { joinPath, Problem } from '../../../config/problems';
import { Config } from '../../../config/schema';

/** The first Kubernetes minor version serving admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy. */
export const ADMISSION_POLICY_MIN_KUBERNETES = '1.30';

/** Rules of the pod-csi approach that the schema cannot express. */
export function checkPodCsiRules(config: Config): Problem[] {
  return [
    ...csiSettings(config),
    ...volumeHandleKeys(config),
    ...uniqueVolumeHandles(config),
    ...podMountPaths(config),
    ...kubernetesVersion(config),
  ];
}

function csiSettings(config: Config): Problem[] {
  return config.buckets.flatMap((bucket, i): Problem[] => {
    const at = `buckets[${i}].mount`;
    const { csi } = bucket.mount;
    if (bucket.mount.approach !== 'pod-csi') {
      return csi ? [{ path: `${at}.csi`, message: `applies only to pod-csi buckets, not ${bucket.mount.approach}` }] : [];
    }
    const problems: Problem[] = [];
    if (bucket.mount.cache.directory !== undefined) {
      problems.push({
        path: `${at}.cache.directory`,
        message: 'the CSI driver places the cache in a volume of its own; choose it with mount.csi.cache',
      });
    }
    const cache = csi?.cache;
    if (cache?.type === 'ephemeral' && cache.storageClassName === undefined) {
      problems.push({ path: `${at}.csi.cache.storageClassName`, message: 'is required for cache type ephemeral' });
    }
    if (cache?.type === 'ephemeral' && bucket.mount.cache.enabled && bucket.mount.cache.maxSizeMiB === undefined) {
      problems.push({
        path: `${at}.cache.maxSizeMiB`,
        message: 'is required for cache type ephemeral: it is the size the cache volume requests',
      });
    }
    if (cache?.type === 'ephemeral' && cache.medium !== undefined) {
      problems.push({ path: `${at}.csi.cache.medium`, message: 'applies only to cache type emptyDir' });
    }
    if (cache?.type !== 'ephemeral' && cache?.storageClassName !== undefined) {
      problems.push({ path: `${at}.csi.cache.storageClassName`, message: 'applies only to cache type ephemeral' });
    }
    return problems;
  });
}

function volumeHandleKeys(config: Config): Problem[] {
  return config.teams.flatMap((team, i) =>
    Object.keys(team.volumeHandles).flatMap((name) => {
      const bucket = config.buckets.find((b) => b.name === name);
      if (team.buckets.includes(name) && bucket?.mount.approach === 'pod-csi') return [];
      return [{ path: joinPath(`teams[${i}].volumeHandles`, name), message: `"${name}" is not one of this team's pod-csi buckets` }];
    }),
  );
}

/** Volume handles and PV names are cluster-wide: two claims on one handle would share (or fight over) one volume. */
function uniqueVolumeHandles(config: Config): Problem[] {
  const claims = s3Claims(config);
  // Derived handles cannot collide with each other, so a clash always involves a configured one: report it there.
  const ordered = [...claims.filter((c) => !c.volumeHandlePath), ...claims.filter((c) => c.volumeHandlePath)];
  const owner = new Map<string, string>();
  return ordered.flatMap((claim) => {
    const earlier = owner.get(claim.volumeHandle);
    const here = `team "${claim.team.name}", bucket "${claim.bucket.name}"`;
    if (earlier === undefined) {
      owner.set(claim.volumeHandle, here);
      return [];
    }
    return [
      {
        path: claim.volumeHandlePath ?? claim.bucketPath,
        message: `volume handle "${claim.volumeHandle}" is already claimed by ${earlier}`,
      },
    ];
  });
}

/** A Spark pod mounts every bucket of its team; two mounts nested in one another would hide files. */
function podMountPaths(config: Config): Problem[] {
  return config.teams.flatMap((team, i) => {
    const buckets = team.buckets.flatMap((name, j) => {
      const bucket = config.buckets.find((b) => b.name === name);
      return bucket ? [{ bucket, j }] : [];
    });
    return buckets.flatMap(({ bucket, j }, n) =>
      buckets
        .slice(0, n)
        // Two node-level mounts share the host too, and that rule reports them already.
        .filter(({ bucket: other }) => bucket.mount.approach === 'pod-csi' || other.mount.approach === 'pod-csi')
        .filter(({ bucket: other }) => nestedPaths(bucket.mount.path, other.mount.path))
        .map(({ bucket: other }) => ({
          path: `teams[${i}].buckets[${j}]`,
          message: `the mount path "${bucket.mount.path}" of bucket "${bucket.name}" overlaps "${other.mount.path}" of bucket "${other.name}" in this team's pods`,
        })),
    );
  });
}

function kubernetesVersion(config: Config): Problem[] {
  if (!admissionPolicyEnabled(config) || minor(config.cluster.kubernetesVersion) >= minor(ADMISSION_POLICY_MIN_KUBERNETES)) return [];
  return [
    {
      path: 'cluster.kubernetesVersion',
      message: `is "${config.cluster.kubernetesVersion}", but the pod-csi admission policy (ValidatingAdmissionPolicy, admissionregistration.k8s.io/v1) needs Kubernetes ${ADMISSION_POLICY_MIN_KUBERNETES} or later; upgrade, or set podCsi.admissionPolicy.enabled: false`,
    },
  ];
}

function minor(version: string): number {
  return Number(version.split('.')[1]);
}
