import { k8s } from '../../../constructs/k8s';
import { clusterScoped } from '../../../constructs/cluster-scoped';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Where the Mountpoint pod keeps its local cache (CSI driver v2 volume
 * attributes). An emptyDir without `sizeLimit` is unlimited: Mountpoint then
 * keeps 5% of the node's disk free.
 */
export type S3CacheVolume =
  | { readonly type: 'emptyDir'; readonly sizeLimit?: string; readonly medium?: 'Memory' }
  | { readonly type: 'ephemeral'; readonly storageClassName: string; readonly size: string };

export interface MountpointContainerResources {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

export interface S3PersistentVolumeProps {
  /** Cluster-unique CSI volume handle; also the PersistentVolume's name. */
  readonly volumeHandle: string;
  /** S3 bucket name. */
  readonly bucketName: string;
  /** Namespace of the claim, the only one that may bind the volume. */
  readonly namespace: string;
  /** Name of the claim, the only one that may bind the volume. */
  readonly claimName: string;
  /** ReadOnlyMany when true, ReadWriteMany otherwise; the claim asks for the same. */
  readonly readOnly: boolean;
  /** Mountpoint flags without `--`, one per entry: `region us-west-2`, `read-only`. */
  readonly mountOptions: readonly string[];
  /**
   * `pod`: Mountpoint uses the credentials of the workload's service account
   * (IRSA or EKS Pod Identity) instead of the CSI driver's.
   * @default 'driver'
   */
  readonly authenticationSource?: 'driver' | 'pod';
  /** @default - no local cache */
  readonly cache?: S3CacheVolume;
  /** @default - the driver's defaults */
  readonly mountpointContainerResources?: MountpointContainerResources;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/** CSI requires a capacity; the S3 driver ignores it (a bucket has no size). */
const NOMINAL_CAPACITY = '1Gi';

/**
 * A statically provisioned Mountpoint S3 CSI volume and the claim it is
 * pinned to: the PV's `claimRef` names exactly one claim, so no other claim
 * in any namespace can bind it, and the claim names the PV by `volumeName`.
 *
 * Children: the PersistentVolume is `Resource` (`ApiObject.of(volume)`), the
 * claim `PersistentVolumeClaim`.
 */
export class S3PersistentVolume extends Construct {
  constructor(scope: Construct, id: string, props: S3PersistentVolumeProps) {
    super(scope, id);
    const accessModes = [props.readOnly ? 'ReadOnlyMany' : 'ReadWriteMany'];
    const storage = { storage: k8s.Quantity.fromString(NOMINAL_CAPACITY) };

    new k8s.KubePersistentVolume(this, 'Resource', {
      metadata: { name: props.volumeHandle, labels: props.labels },
      spec: {
        capacity: storage,
        accessModes,
        storageClassName: '',
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: props.namespace, name: props.claimName },
        mountOptions: [...props.mountOptions],
        csi: {
          driver: 's3.csi.aws.com',
          volumeHandle: props.volumeHandle,
          volumeAttributes: {
            bucketName: props.bucketName,
            ...(props.authenticationSource ? { authenticationSource: props.authenticationSource } : {}),
            ...cacheAttributes(props.cache),
            ...resourceAttributes(props.mountpointContainerResources),
          },
        },
      },
    });
    new k8s.KubePersistentVolumeClaim(this, 'PersistentVolumeClaim', {
      metadata: { name: props.claimName, namespace: props.namespace, labels: props.labels },
      spec: { accessModes, storageClassName: '', volumeName: props.volumeHandle, resources: { requests: storage } },
    });
    clusterScoped(ApiObject.of(this));
  }
}

function cacheAttributes(cache: S3CacheVolume | undefined): Record<string, string> {
  switch (cache?.type) {
    case undefined:
      return {};
    case 'emptyDir':
      return {
        cache: 'emptyDir',
        ...(cache.sizeLimit ? { cacheEmptyDirSizeLimit: cache.sizeLimit } : {}),
        ...(cache.medium ? { cacheEmptyDirMedium: cache.medium } : {}),
      };
    case 'ephemeral':
      return {
        cache: 'ephemeral',
        cacheEphemeralStorageClassName: cache.storageClassName,
        cacheEphemeralStorageResourceRequest: cache.size,
      };
  }
}

/** `{ requests: { cpu: '1' } }` → `mountpointContainerResourcesRequestsCpu: '1'`. */
function resourceAttributes(resources: MountpointContainerResources | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      const value = resources?.[kind]?.[resource];
      if (value !== undefined) attributes[`mountpointContainerResources${capitalize(kind)}${capitalize(resource)}`] = value;
    }
  }
  return attributes;
}

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}
