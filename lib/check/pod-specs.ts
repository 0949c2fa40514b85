import { ModeledPod, operatorPod } from '../spark/operator-pod';
import { KubeObject, pointer } from './types';

/** A pod spec inside an object, with its JSON pointer and the labels of the template it belongs to. */
export interface PodSpecAt {
  readonly spec: Record<string, any>;
  readonly path: string;
}

const WORKLOADS_WITH_TEMPLATE = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Where each built-in kind keeps its pod template spec, and the pod templates of Spark applications. */
export function podSpecsOf(object: KubeObject): PodSpecAt[] {
  const at = (value: unknown, path: string): PodSpecAt[] => (isRecord(value) ? [{ spec: value, path }] : []);
  const spark = sparkSpecsOf(object);
  if (spark.length)
    return spark.flatMap((app) =>
      SPARK_ROLES.flatMap((role) => at(app.spec[role]?.template?.spec, pointer(app.path, role, 'template', 'spec'))),
    );
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

/**
 * The SparkApplication specs of an object, with their pointers: a
 * SparkApplication's own spec, or the template a ScheduledSparkApplication
 * creates its runs from.
 */
export function sparkSpecsOf(object: KubeObject): PodSpecAt[] {
  if (!String(object.apiVersion).startsWith('sparkoperator.k8s.io/')) return [];
  const spec =
    object.kind === 'SparkApplication' ? object.spec : object.kind === 'ScheduledSparkApplication' ? object.spec?.template : undefined;
  return isRecord(spec) ? [{ spec, path: object.kind === 'SparkApplication' ? '/spec' : '/spec/template' }] : [];
}

export function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const modeledPods = new WeakMap<object, Map<string, ModeledPod>>();

/**
 * The driver or executor pod the operator builds from an application spec
 * (pod template, Spark conf and its webhook), modelled once per spec and role:
 * several rules read it, and modelling clones the spec. Read-only.
 */
export function sparkRolePod(app: PodSpecAt, role: (typeof SPARK_ROLES)[number]): ModeledPod {
  let byRole = modeledPods.get(app.spec);
  if (!byRole) modeledPods.set(app.spec, (byRole = new Map()));
  let pod = byRole.get(role);
  if (!pod) byRole.set(role, (pod = operatorPod(app.spec, role, { webhook: true, specPath: app.path })));
  return pod;
}
