import { kubernetesSubdomain, notReservedKey, resources } from '../../../config/schema-parts';

/** `buckets[].mount.csi`: the CSI volume attributes of a pod-csi bucket. */
export const csiVolumeAttributes = {
  type: 'object',
  additionalProperties: false,
  description: 'pod-csi only: Mountpoint S3 CSI driver v2 volume attributes.',
  properties: {
    cache: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Volume of the local cache (size: mount.cache.maxSizeMiB).',
      properties: {
        type: { enum: ['emptyDir', 'ephemeral'], default: 'emptyDir', description: 'CSI volume attribute `cache`.' },
        medium: { enum: ['Memory'], description: 'emptyDir only: `cacheEmptyDirMedium` (tmpfs).' },
        storageClassName: {
          ...kubernetesSubdomain,
          description: 'ephemeral only (required): `cacheEphemeralStorageClassName`.',
        },
      },
    },
    mountpointContainerResources: {
      ...resources,
      description:
        "Limits (and, only if you must, requests) of the Mountpoint pod the driver starts for this volume. The driver's docs advise against requests for now: a Mountpoint pod with requests may not fit on a node Karpenter sized for the workload, and the workload then never starts.",
    },
  },
} as const;

/** `teams[].volumeHandles`: a team's CSI volume handles. */
export const teamVolumeHandles = {
  type: 'object',
  default: {},
  description: 'pod-csi buckets: CSI volume handle (and PV name) by bucket name; default "<namespace>.<bucket>".',
  propertyNames: { ...notReservedKey, type: 'string' },
  additionalProperties: kubernetesSubdomain,
} as const;

/** `podCsi`: settings shared by every pod-csi bucket. */
export const podCsiSettings = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Settings shared by every pod-csi bucket.',
  properties: {
    admissionPolicy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          description: 'Reject pods that mount a generated S3 claim under another service account (needs Kubernetes >= 1.30).',
        },
      },
    },
  },
} as const;
