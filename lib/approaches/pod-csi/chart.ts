import { Construct } from 'constructs';
import { toBucketMount } from '../../config/resolve';
import { BucketConfig, Config } from '../../config/schema';
import { ClaimReaderRole } from './constructs/claim-reader-role';
import { componentLabels } from '../../constructs/labels';
import { S3CacheVolume, S3PersistentVolume } from './constructs/s3-persistent-volume';
import { S3ClaimAdmissionPolicy } from './constructs/s3-claim-admission-policy';
import { admissionPolicyEnabled, s3Claims } from './config/s3-claims';
import { ConfigChart, ConfigChartProps } from '../../../charts/config-chart';
import { annotateSyncOrder } from '../../sync-waves';
import { mountpointOptions } from '../../mountpoint/options';

/**
 * Pod-level mounting through the Mountpoint S3 CSI driver (seed approach 1):
 * per team and pod-csi bucket a PersistentVolume pinned to the team's claim,
 * a Role to read those claims, and the admission policy that lets only the
 * team's service account mount them. Namespaces and service accounts come
 * from the teams chart, applied before this one.
 */
export class PodCsiChart extends ConfigChart {
  static appliesTo(config: Config): boolean {
    return s3Claims(config).length > 0;
  }

  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, props);
    const { config } = props;
    const claims = s3Claims(config);

    for (const claim of claims) {
      new S3PersistentVolume(this, `${claim.team.name}-${claim.bucket.name}`, {
        volumeHandle: claim.volumeHandle,
        bucketName: claim.bucket.bucket,
        namespace: claim.namespace,
        claimName: claim.claimName,
        readOnly: claim.bucket.readOnly,
        mountOptions: csiMountOptions(config, claim.bucket),
        authenticationSource: claim.team.serviceAccount.iamRoleArn ? 'pod' : undefined,
        cache: cacheVolume(claim.bucket),
        mountpointContainerResources: claim.bucket.mount.csi?.mountpointContainerResources,
        labels: componentLabels(claim.bucket.name, 's3-volume'),
      });
    }
    for (const team of config.teams) {
      const own = claims.filter((c) => c.team === team);
      if (own.length === 0) continue;
      new ClaimReaderRole(this, `${team.name}-claim-reader`, {
        namespace: own[0].namespace,
        claimNames: own.map((c) => c.claimName),
        serviceAccountName: team.serviceAccount.name,
        labels: componentLabels(team.name, 'spark-team'),
      });
    }
    if (admissionPolicyEnabled(config)) {
      new S3ClaimAdmissionPolicy(this, 'admission-policy', {
        name: `${config.chart.name}-s3-claims`,
        claims: claims.map((c) => ({ namespace: c.namespace, claimName: c.claimName, serviceAccountNames: c.serviceAccountNames })),
        labels: componentLabels(`${config.chart.name}-s3-claims`, 'admission-policy'),
      });
    }
    annotateSyncOrder(this);
  }
}

/**
 * The bucket's Mountpoint flags as CSI `mountOptions`, from the same list as
 * every other approach, minus the cache flags: the driver gives the
 * Mountpoint pod a cache volume of its own (see `cacheVolume`) and sizes it.
 */
function csiMountOptions(config: Config, bucket: BucketConfig): string[] {
  return mountpointOptions({ ...toBucketMount(config, bucket), cache: undefined }).map((o) =>
    o.value === undefined ? o.name : `${o.name} ${o.value}`,
  );
}

/**
 * `mount.cache.maxSizeMiB` sizes the cache volume, whichever kind it is; an
 * emptyDir without it is unlimited, and Mountpoint then keeps 5% of the
 * node's disk free (the driver derives --max-cache-size from a size limit).
 */
function cacheVolume(bucket: BucketConfig): S3CacheVolume | undefined {
  const { cache } = bucket.mount;
  if (!cache.enabled) return undefined;
  const size = cache.maxSizeMiB === undefined ? undefined : `${cache.maxSizeMiB}Mi`;
  const settings = bucket.mount.csi?.cache;
  if (settings?.type === 'ephemeral') {
    // The rules require storageClassName and maxSizeMiB for ephemeral caches.
    return { type: 'ephemeral', storageClassName: settings.storageClassName ?? '', size: size ?? '' };
  }
  return { type: 'emptyDir', sizeLimit: size, medium: settings?.medium };
}
