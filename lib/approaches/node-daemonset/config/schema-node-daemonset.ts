import { containerImage, kubernetesName, resources } from '../../../config/schema-parts';

/** `nodeDaemonSet`: the DaemonSet that mounts node-daemonset buckets. */
export const nodeDaemonSetSettings = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Settings of the DaemonSet that mounts node-daemonset buckets on the host.',
  properties: {
    namespace: { ...kubernetesName, default: 'mountpoint-s3' },
    name: { ...kubernetesName, default: 'mountpoint-s3' },
    image: {
      ...containerImage,
      default: 'public.ecr.aws/docker/library/debian:12.12-slim',
      description: 'Needs bash and nsenter (util-linux); the script itself runs on the host.',
    },
    checkIntervalSeconds: {
      type: 'integer',
      minimum: 5,
      maximum: 3600,
      default: 60,
      description: 'How often the host script re-checks and remounts.',
    },
    onStop: {
      enum: ['keep', 'unmount'],
      default: 'keep',
      description: 'keep: mounts outlive the pod (running Spark pods keep their jars during a rollout).',
    },
    priorityClassName: {
      ...kubernetesName,
      default: 'system-node-critical',
      description: 'PriorityClass of the DaemonSet pods: system-node-critical lets them in on a full node.',
    },
    resources: {
      ...resources,
      default: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    },
  },
} as const;
