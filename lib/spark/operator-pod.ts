import { SPARK_CONTAINER_NAMES, SPARK_LOCAL_DIR_PREFIX } from './operator-facts';

/**
 * A model of how a driver or executor pod comes to be, from a
 * SparkApplication spec (plain JSON, as emitted or as read by `check`),
 * after the Spark operator v2.5.2 and Spark 3.x. It models only the fields
 * the S3 mounts depend on: volumes, the main container's mounts and
 * security context, node selection, tolerations, pod security context and
 * service account. Each step names the upstream code it follows.
 */

export type SparkRole = 'driver' | 'executor';

/** A JSON object as parsed from a manifest: nothing is known about its fields until they are looked at. */
export type JsonObject = { [field: string]: unknown };

/** A container of the modelled pod; the model adds to its mounts. */
export interface ModeledContainer {
  [field: string]: unknown;
  volumeMounts?: unknown[];
}

export interface ModeledPod {
  readonly spec: {
    /** As the manifests give them (a malformed entry stays, so that `volumeOrigins` keeps its index). */
    volumes: unknown[];
    containers: ModeledContainer[];
    nodeSelector: Record<string, unknown>;
    tolerations: unknown[];
    securityContext?: unknown;
    serviceAccountName?: unknown;
  };
  /** JSON pointer (into the SparkApplication spec) each of `spec.volumes` came from. */
  readonly volumeOrigins: string[];
}

export interface OperatorPodOptions {
  /**
   * Whether the operator's mutating webhook runs for the pod. It runs only
   * when enabled at install time and the pod's namespace is one of
   * `spark.jobNamespaces` (`isSparkJobNamespace` in internal/webhook/sparkpod_defaulter.go).
   */
  readonly webhook: boolean;
  /** Pointer of the spec inside its object (`/spec`, or `/spec/template` for a ScheduledSparkApplication). @default '/spec' */
  readonly specPath?: string;
}

/** The pod of `role` as the API server receives it. */
export function operatorPod(app: JsonObject, role: SparkRole, options: OperatorPodOptions): ModeledPod {
  const base = options.specPath ?? '/spec';
  const pod = fromTemplate(app, role, base);
  applySparkConf(pod, app, role, base);
  if (options.webhook) applyWebhook(pod, app, role, base);
  return pod;
}

/** The container Spark configures, found the way the webhook finds it (`findContainer`): by name, else the first. */
export function mainContainer(pod: ModeledPod, role: SparkRole): ModeledContainer {
  const names: unknown[] = role === 'driver' ? [SPARK_CONTAINER_NAMES.driver] : ['executor', SPARK_CONTAINER_NAMES.executor];
  return pod.spec.containers.find((c) => names.includes(c.name)) ?? pod.spec.containers[0];
}

/**
 * Webhook off: Spark loads the role's pod template, which the operator
 * always writes (`driverPodTemplateOption`/`executorPodTemplateOption` in
 * internal/controller/sparkapplication/submission.go; without a template,
 * one with only the named container), and picks the main container by the
 * name the operator passes in `spark.kubernetes.<role>.podTemplateContainerName`.
 */
function fromTemplate(app: JsonObject, role: SparkRole, base: string): ModeledPod {
  const template = objectAt(objectAt(objectAt(app, role), 'template'), 'spec');
  // What the model may change is copied; the node selector only once something is added to it (it may hold 100,000 labels).
  const spec = asObject(
    clone({
      volumes: template.volumes,
      containers: template.containers,
      tolerations: template.tolerations,
      securityContext: template.securityContext,
      serviceAccountName: template.serviceAccountName,
    }),
  );
  // Read as JSON, as the rest: a selector holding a value JSON cannot (YAML's .nan reads as null) is copied at once.
  spec.nodeSelector = jsonStableValues(template.nodeSelector) ? template.nodeSelector : clone(template.nodeSelector);
  // A container that is no object, or mounts that are no list, are read as empty (the API server refuses them anyway).
  const containers: ModeledContainer[] = listAt(spec, 'containers').map((c) => {
    const container: ModeledContainer = isJsonObject(c) ? c : {};
    if (container.volumeMounts !== undefined && !Array.isArray(container.volumeMounts)) delete container.volumeMounts;
    return container;
  });
  if (containers.length === 0) containers.push({ name: SPARK_CONTAINER_NAMES[role] });
  if (!containers.some((c) => c.name === SPARK_CONTAINER_NAMES[role])) containers[0].name = SPARK_CONTAINER_NAMES[role];
  const volumes = listAt(spec, 'volumes');
  return {
    spec: {
      volumes,
      containers,
      nodeSelector: borrowed(objectAt(spec, 'nodeSelector')),
      tolerations: listAt(spec, 'tolerations'),
      securityContext: spec.securityContext,
      serviceAccountName: spec.serviceAccountName,
    },
    volumeOrigins: volumes.map((_, i) => `${base}/${role}/template/spec/volumes/${i}`),
  };
}

/** `spark.kubernetes.<role>.volumes.<type>.<name>.<field>` (Spark's KubernetesVolumeUtils). */
const SPARK_VOLUME_KEY = /^spark\.kubernetes\.(driver|executor)\.volumes\.(hostPath|persistentVolumeClaim|emptyDir|nfs)\.([^.]+)\.(.+)$/;

/**
 * What Spark conf adds to the pod built from the template: node selectors
 * (app-level `spec.nodeSelector` becomes `spark.kubernetes.node.selector.*`,
 * `nodeSelectorOption`; Spark also reads `spark.kubernetes.<role>.node.selector.*`),
 * the service account (`driverConfOption`/`executorConfOption`; executors
 * fall back to the driver's in Spark), local-dir volumes from `spec.volumes`
 * (`driverVolumeMountsOption`), and volumes the user declares in sparkConf
 * (Spark's MountVolumesFeatureStep). Spark conf has no `mountPropagation`.
 */
function applySparkConf(pod: ModeledPod, app: JsonObject, role: SparkRole, base: string): void {
  const conf = objectAt(app, 'sparkConf');
  addNodeSelector(pod, objectAt(app, 'nodeSelector'));
  for (const [key, value] of Object.entries(conf)) {
    const selector = /^spark\.kubernetes\.(?:(driver|executor)\.)?node\.selector\.(.+)$/.exec(key);
    if (selector && (selector[1] === undefined || selector[1] === role)) addNodeSelector(pod, { [selector[2]]: value });
  }
  const account = objectAt(app, role).serviceAccount ?? (role === 'executor' ? objectAt(app, 'driver').serviceAccount : undefined);
  if (typeof account === 'string') pod.spec.serviceAccountName = account;

  const container = mainContainer(pod, role);
  const mountsOf = (c: ModeledContainer): unknown[] => (c.volumeMounts ??= []);
  const volumes = listAt(app, 'volumes');
  for (const mount of listAt(objectAt(app, role), 'volumeMounts').map(asObject)) {
    const index = volumes.findIndex((v) => asObject(v).name === mount.name);
    if (!String(mount.name).startsWith(SPARK_LOCAL_DIR_PREFIX) || index < 0) continue;
    addVolume(pod, volumes[index], `${base}/volumes/${index}`);
    mountsOf(container).push({ name: mount.name, mountPath: mount.mountPath, readOnly: mount.readOnly });
  }
  const declared = new Map<string, { volume: JsonObject; options: JsonObject; mount: JsonObject }>();
  for (const [key, value] of Object.entries(conf)) {
    const match = SPARK_VOLUME_KEY.exec(key);
    if (!match || match[1] !== role) continue;
    const [, , type, name, setting] = match;
    let entry = declared.get(name);
    if (!entry) {
      const options: JsonObject = {};
      entry = { volume: { name, [type]: options }, options, mount: { name } };
    }
    if (setting === 'mount.path') entry.mount.mountPath = value;
    else if (setting === 'mount.readOnly') entry.mount.readOnly = value === 'true';
    else if (setting.startsWith('options.')) entry.options[setting.slice('options.'.length)] = value;
    declared.set(name, entry);
  }
  for (const [name, entry] of declared) {
    addVolume(pod, entry.volume, `${base}/sparkConf/spark.kubernetes.${role}.volumes.*.${name}`);
    mountsOf(container).push(entry.mount);
  }
}

/**
 * Webhook on (`mutateSparkPod` in internal/webhook/sparkpod_defaulter.go):
 * `addVolumes` appends every `spec.volumes` entry named by the role's
 * `volumeMounts` (except local dirs) and the mount, without looking at what
 * the pod already has; `addNodeSelectors` merges the role's node selector;
 * `addTolerations` appends the role's tolerations; `addPodSecurityContext`
 * and `addContainerSecurityContext` replace the pod's and the main
 * container's security context when the role sets one.
 */
function applyWebhook(pod: ModeledPod, app: JsonObject, role: SparkRole, base: string): void {
  const settings = objectAt(app, role);
  const container = mainContainer(pod, role);
  const volumes = listAt(app, 'volumes');
  const added = new Set<unknown>();
  for (const mount of listAt(settings, 'volumeMounts')) {
    const name = asObject(mount).name;
    if (String(name).startsWith(SPARK_LOCAL_DIR_PREFIX)) continue;
    const index = volumes.findIndex((v) => asObject(v).name === name);
    if (index < 0) continue;
    if (!added.has(name)) addVolume(pod, volumes[index], `${base}/volumes/${index}`);
    added.add(name);
    (container.volumeMounts ??= []).push(clone(mount));
  }
  addNodeSelector(pod, objectAt(settings, 'nodeSelector'));
  pod.spec.tolerations.push(...clone(listAt(settings, 'tolerations')));
  if (settings.podSecurityContext) pod.spec.securityContext = clone(settings.podSecurityContext);
  if (settings.securityContext) container.securityContext = clone(settings.securityContext);
}

/** Node selectors taken as they are from the manifests: the model copies one before it adds to it. */
const borrowedSelectors = new WeakSet<object>();

function borrowed(selector: JsonObject): JsonObject {
  borrowedSelectors.add(selector);
  return selector;
}

/** `labels` added to the pod's node selector (the template's, copied at the first addition). */
function addNodeSelector(pod: ModeledPod, labels: JsonObject): void {
  const keys = Object.keys(labels);
  if (keys.length === 0) return;
  if (borrowedSelectors.has(pod.spec.nodeSelector)) pod.spec.nodeSelector = { ...pod.spec.nodeSelector };
  for (const key of keys) pod.spec.nodeSelector[key] = labels[key];
}

/** Whether each value of `selector` (when an object) is one a JSON copy keeps as it is: a string, boolean, null or finite number. */
function jsonStableValues(selector: unknown): boolean {
  if (!isJsonObject(selector)) return true;
  for (const key in selector) {
    const value = selector[key];
    if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && !Number.isFinite(value)) return false;
  }
  return true;
}

function addVolume(pod: ModeledPod, volume: unknown, origin: string): void {
  pod.spec.volumes.push(clone(volume));
  pod.volumeOrigins.push(origin);
}

function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` when it is a JSON object, else an empty one: a missing or malformed field reads as absent. */
function asObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The object at `object[name]`, or an empty one. */
function objectAt(object: JsonObject, name: string): JsonObject {
  return asObject(object[name]);
}

/** The list at `object[name]`, or an empty one. */
function listAt(object: JsonObject, name: string): unknown[] {
  const value = object[name];
  return Array.isArray(value) ? value : [];
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
