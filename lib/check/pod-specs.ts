import { KubeObject, pointer } from './types';

/** A pod spec inside an object, with its JSON pointer and the labels of the template it belongs to. */
export interface PodSpecAt {
  readonly spec: Record<string, any>;
  readonly path: string;
}

const WORKLOADS_WITH_TEMPLATE = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Where each built-in kind keeps its pod template spec. */
export function podSpecsOf(object: KubeObject): PodSpecAt[] {
  const at = (value: unknown, path: string): PodSpecAt[] => (isRecord(value) ? [{ spec: value, path }] : []);
  switch (object.kind) {
    case 'Pod':
      return at(object.spec, '/spec');
    case 'PodTemplate':
      return at(object.template?.spec, '/template/spec');
    case 'CronJob':
      return at(object.spec?.jobTemplate?.spec?.template?.spec, '/spec/jobTemplate/spec/template/spec');
    default:
      return WORKLOADS_WITH_TEMPLATE.has(String(object.kind)) ? at(object.spec?.template?.spec, '/spec/template/spec') : [];
  }
}

/** A container of a pod spec with its pointer. */
export interface ContainerAt {
  readonly container: Record<string, any>;
  readonly path: string;
}

export function containersOf(pod: PodSpecAt): ContainerAt[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) => {
    const list: unknown[] = Array.isArray(pod.spec[field]) ? pod.spec[field] : [];
    return list.flatMap((container, i) => (isRecord(container) ? [{ container, path: pointer(pod.path, field, i) }] : []));
  });
}

/** The SparkApplication roles that become pods, each with one main container configured inline. */
export const SPARK_ROLES = ['driver', 'executor'] as const;

/** The application spec of a SparkApplication (`/spec`) or of a ScheduledSparkApplication's template (`/spec/template`). */
export interface SparkSpecAt {
  readonly spec: Record<string, any>;
  readonly path: string;
}

export function sparkSpecOf(object: KubeObject): SparkSpecAt | undefined {
  if (!String(object.apiVersion).startsWith('sparkoperator.k8s.io/')) return undefined;
  if (object.kind === 'SparkApplication') return isRecord(object.spec) ? { spec: object.spec, path: '/spec' } : undefined;
  if (object.kind === 'ScheduledSparkApplication') return isRecord(object.spec?.template) ? { spec: object.spec.template, path: '/spec/template' } : undefined;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
