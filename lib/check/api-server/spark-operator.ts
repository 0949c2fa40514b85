import {
  MIN_SPARK_VERSION_FOR_POD_TEMPLATES,
  OVERRIDDEN_SPARK_CONF_KEYS,
  SCHEDULED_RUN_SUFFIX_LENGTH,
  sparkConfKeyProblem,
  tooOldForPodTemplates,
} from '../../spark/operator-facts';
import { mainContainer } from '../../spark/operator-pod';
import { operatorScheduleProblem } from '../../spark/schedule';
import { dns1035Label } from '../kube-syntax';
import { isRecord, SPARK_ROLES, sparkRolePod, sparkSpecsOf } from '../pod-specs';
import { Finding, finding, pointer, Resource } from '../types';

/**
 * What the Spark operator's validating webhook refuses although the CRD
 * schema accepts it (a DNS-1035 name, sparkConf keys it manages), what it
 * accepts but cannot run (client mode), and pods its mutating webhook would
 * give a volume or mount twice. Facts: lib/spark/operator-facts.ts.
 */
export function checkSparkOperator(resource: Resource): Finding[] {
  const applications = sparkSpecsOf(resource.object).flatMap(({ spec, path }) => [
    ...applicationName(resource),
    ...clientMode(resource, spec, path),
    ...sparkConf(resource, spec, path),
    ...nodeSelectors(resource, spec, path),
    ...templateSparkVersion(resource, spec, path),
    ...SPARK_ROLES.flatMap((role) => duplicateMounts(resource, spec, path, role)),
  ]);
  return [...schedule(resource), ...applications];
}

/** The controller parses these on every reconcile; a failure leaves the schedule in FailedValidation, never run. */
function schedule(resource: Resource): Finding[] {
  const spec = resource.object.kind === 'ScheduledSparkApplication' ? resource.object.spec : undefined;
  if (!isRecord(spec) || typeof spec.schedule !== 'string') return [];
  const found = operatorScheduleProblem(spec.schedule, typeof spec.timeZone === 'string' ? spec.timeZone : undefined);
  if (!found) return [];
  const message = `${found.field} ${found.problem} (the Spark operator never runs this schedule)`;
  return [finding(resource, pointer('/spec', found.field), 'spark-schedule', message)];
}

type SparkSpec = Record<string, unknown>;

/** A field of the driver's or executor's settings, if they are an object. */
function roleField(spec: SparkSpec, role: (typeof SPARK_ROLES)[number], field: string): unknown {
  const settings = spec[role];
  return isRecord(settings) ? settings[field] : undefined;
}

function clientMode(resource: Resource, spec: SparkSpec, path: string): Finding[] {
  if (spec.mode !== 'client') return [];
  return [
    finding(
      resource,
      pointer(path, 'mode'),
      'spark-client-mode',
      'client mode runs spark-submit inside the operator pod: the driver pod is never created',
    ),
  ];
}

/** `validateSpec` in internal/webhook/sparkapplication_validator.go. */
function nodeSelectors(resource: Resource, spec: SparkSpec, path: string): Finding[] {
  if (!isRecord(spec.nodeSelector) || !SPARK_ROLES.some((role) => isRecord(roleField(spec, role, 'nodeSelector')))) return [];
  return [
    finding(
      resource,
      pointer(path, 'nodeSelector'),
      'spark-node-selector',
      'the operator refuses a node selector both on the application and on the driver or executor',
    ),
  ];
}

function templateSparkVersion(resource: Resource, spec: SparkSpec, path: string): Finding[] {
  const templated = SPARK_ROLES.some((role) => roleField(spec, role, 'template') !== undefined);
  if (!templated || typeof spec.sparkVersion !== 'string' || !tooOldForPodTemplates(spec.sparkVersion)) return [];
  const message = `pod templates need Spark ${MIN_SPARK_VERSION_FOR_POD_TEMPLATES} or later: the operator refuses them for ${spec.sparkVersion}`;
  return [finding(resource, pointer(path, 'sparkVersion'), 'spark-template-version', message)];
}

function applicationName(resource: Resource): Finding[] {
  const name = resource.object.metadata?.name;
  if (typeof name !== 'string') return [];
  const scheduled = resource.object.kind === 'ScheduledSparkApplication';
  // Each run of a schedule is a SparkApplication "<name>-<timestamp>", which must be a DNS-1035 label too.
  const problem = dns1035Label(scheduled ? `${name}${'0'.repeat(SCHEDULED_RUN_SUFFIX_LENGTH)}` : name);
  if (!problem) return [];
  const subject = scheduled ? `name "${name}" with a run suffix of ${SCHEDULED_RUN_SUFFIX_LENGTH} characters` : `name "${name}"`;
  return [finding(resource, '/metadata/name', 'spark-app-name', `${subject} ${problem} (the Spark operator refuses it)`)];
}

function sparkConf(resource: Resource, spec: SparkSpec, path: string): Finding[] {
  if (!isRecord(spec.sparkConf)) return [];
  const namespace = String(resource.object.metadata?.namespace ?? 'default');
  return Object.entries(spec.sparkConf).flatMap(([key, value]) => {
    const problem = sparkConfKeyProblem(key, String(value), namespace);
    if (!problem) return [];
    // An overridden key is dropped or replaced, the application still runs: a warning, not an error.
    const overridden = Object.hasOwn(OVERRIDDEN_SPARK_CONF_KEYS, key);
    const at = pointer(path, 'sparkConf', key);
    return [
      finding(
        resource,
        at,
        overridden ? 'spark-conf-overridden' : 'spark-conf-key',
        `sparkConf key "${key}": ${problem}`,
        overridden ? 'warning' : 'error',
      ),
    ];
  });
}

/** The mutating webhook appends `spec.volumes` and role mounts to the pod built from the template without de-duplication. */
function duplicateMounts(resource: Resource, spec: SparkSpec, path: string, role: (typeof SPARK_ROLES)[number]): Finding[] {
  if (!isRecord(spec[role])) return [];
  const pod = sparkRolePod({ spec, path }, role);
  const twice = (values: unknown[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
  const volumes = twice(pod.spec.volumes.map((v) => (isRecord(v) ? v.name : undefined))).map((name) => `volume "${String(name)}"`);
  const mounts = twice((mainContainer(pod, role).volumeMounts ?? []).map((m) => (isRecord(m) ? m.mountPath : undefined))).map(
    (at) => `mount path ${String(at)}`,
  );
  return [...volumes, ...mounts].map((what) =>
    finding(
      resource,
      pointer(path, role),
      'spark-webhook-duplicate',
      `${what} is in the ${role} pod template and also added by the operator's webhook from spec.volumes/volumeMounts: the API server refuses the pod`,
    ),
  );
}
