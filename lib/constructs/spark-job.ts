import { Construct } from 'constructs';
import {
  ScheduledSparkApplication,
  ScheduledSparkApplicationSpecTemplate,
  SparkApplication,
  SparkApplicationSpec,
  SparkApplicationSpecMode,
  SparkApplicationSpecRestartPolicyType,
  SparkApplicationSpecType,
} from '../../imports/sparkoperator.k8s.io';
import { sparkRestartPolicy } from '../config/schema-spark';
import { SPARK_CONTAINER_NAMES } from '../spark/operator-facts';
import { k8s } from './k8s';
import { sealedAsResolved } from '../sealed';

/** Resources and metadata of the driver or executor pods. */
export interface SparkPodProps {
  /** CPU cores (`spark.driver.cores`, `spark.executor.cores`); also the pod's CPU request. */
  readonly cores: number;
  /** CPU limit of the pod, e.g. `1200m`. @default - no CPU limit */
  readonly coreLimit?: string;
  /** JVM heap, e.g. `2g`; the pod's memory request adds `memoryOverhead`. */
  readonly memory: string;
  /** Off-heap memory added to the pod's memory request. @default - Spark's default overhead */
  readonly memoryOverhead?: string;
  /** Extra labels of the pods. @default {} */
  readonly labels?: Record<string, string>;
}

/** What the operator does when an application fails. */
export interface SparkRestartPolicyProps {
  /** `Never`, `OnFailure` (with the retry counts below) or `Always`. */
  readonly type: 'Never' | 'OnFailure' | 'Always';
  /** OnFailure only: how often a failed run is restarted. @default - the operator's default (none) */
  readonly onFailureRetries?: number;
  /** Seconds between a failure and the restart. @default - the operator's default */
  readonly onFailureRetryInterval?: number;
  /** OnFailure only: how often a failed submission is retried. @default - the operator's default (none) */
  readonly onSubmissionFailureRetries?: number;
  /** Seconds between a failed submission and the retry. @default - the operator's default */
  readonly onSubmissionFailureRetryInterval?: number;
}

/** Spark dynamic allocation with shuffle tracking: executors come and go with the load. */
export interface SparkDynamicAllocationProps {
  /** Executors at the start. @default - minExecutors */
  readonly initialExecutors?: number;
  /** Fewest executors kept. */
  readonly minExecutors: number;
  /** Most executors started. */
  readonly maxExecutors: number;
  /** Milliseconds an executor holding shuffle data is kept. @default - Spark's default */
  readonly shuffleTrackingTimeout?: number;
}

/** The Service the operator creates for the driver's Spark UI. */
export interface SparkUIProps {
  /** Port of the Service. */
  readonly servicePort: number;
  /** `ClusterIP`, `NodePort` or `LoadBalancer`. */
  readonly serviceType: string;
  /** Annotations of the Service. @default {} */
  readonly serviceAnnotations?: Record<string, string>;
}

/** When a ScheduledSparkApplication starts a run, and how many finished runs it keeps. */
export interface SparkScheduleProps {
  /** Cron schedule or descriptor (`@daily`). */
  readonly cron: string;
  /** IANA time zone of the schedule, e.g. `Europe/Berlin`. @default - the operator's time zone */
  readonly timeZone?: string;
  /** Whether a run may start while the previous one still runs (`Allow`), is skipped (`Forbid`) or replaces it (`Replace`). */
  readonly concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  /** True: no new runs start. */
  readonly suspend: boolean;
  /** Finished runs kept. */
  readonly successfulRunHistoryLimit: number;
  /** Failed runs kept. */
  readonly failedRunHistoryLimit: number;
}

export interface SparkJobProps {
  /** A DNS-1035 label (the operator refuses other names). */
  readonly name: string;
  /** Namespace of the application and its pods. */
  readonly namespace: string;
  /** Language of the main application file. */
  readonly type: 'Java' | 'Scala' | 'Python' | 'R';
  /** Spark version of the image. */
  readonly sparkVersion: string;
  /** Image of the driver and executor pods. */
  readonly image: string;
  /** `Always`, `IfNotPresent` or `Never`. */
  readonly imagePullPolicy: string;
  /** A URI Spark can open: `local:///mnt/s3/jars/app.py`, `s3a://…`. */
  readonly mainApplicationFile: string;
  /** @default - none (required by the operator for JVM applications) */
  readonly mainClass?: string;
  /** @default [] */
  readonly arguments?: readonly string[];
  /** URIs of dependency jars (those not already on a mount and the class path), files and Python files. */
  readonly deps: { readonly jars: readonly string[]; readonly files: readonly string[]; readonly pyFiles: readonly string[] };
  /** @default {} */
  readonly sparkConf?: Record<string, string>;
  /** @default {} */
  readonly hadoopConf?: Record<string, string>;
  /** Service account of the driver, which manages the executor pods. */
  readonly driverServiceAccountName: string;
  /** Service account of the executors, with no Kubernetes API rights. */
  readonly executorServiceAccountName: string;
  /** The driver pod; Karpenter may not disrupt its node while it runs (`karpenter.sh/do-not-disrupt`). */
  readonly driver: SparkPodProps;
  /** The executor pods, and how many of them run (the start value under dynamic allocation). */
  readonly executor: SparkPodProps & { readonly instances: number };
  /** Volumes of the pods; each is mounted into driver and executors by `volumeMounts`. */
  readonly volumes: readonly k8s.Volume[];
  /** Mounts of `volumes` into the Spark container of the driver and of every executor. */
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** @default {} */
  readonly nodeSelector?: Record<string, string>;
  /** @default [] */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default - kept until deleted */
  readonly timeToLiveSeconds?: number;
  /** @default { type: 'Never' } */
  readonly restartPolicy?: SparkRestartPolicyProps;
  /** @default - a fixed number of executors (executor.instances) */
  readonly dynamicAllocation?: SparkDynamicAllocationProps;
  /** @default - the operator's UI service defaults */
  readonly sparkUIOptions?: SparkUIProps;
  /** Run on a schedule: a ScheduledSparkApplication instead of a SparkApplication. @default - runs once */
  readonly schedule?: SparkScheduleProps;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * A node selector as the pod templates take it: undefined when empty; a
 * sealed one in the form cdk8s renders (`renderedSelector`) as it is, which
 * the driver's and the executor's templates share, and which cdk8s and the
 * YAML writer then take as it is.
 */
function selectorAsRendered(nodeSelector: Record<string, string>): Record<string, string> | undefined {
  if (sealedAsResolved(nodeSelector)) return nodeSelector;
  return Object.keys(nodeSelector).length ? nodeSelector : undefined;
}

/** The uid/gid of the `spark` user in the Apache Spark images. */
const SPARK_UID = 185;

const POD_SECURITY_CONTEXT: k8s.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: SPARK_UID,
  runAsGroup: SPARK_UID,
  fsGroup: SPARK_UID,
  seccompProfile: { type: 'RuntimeDefault' },
};
const CONTAINER_SECURITY_CONTEXT: k8s.SecurityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
/** Their JSON, which every pod template shares (rendering copies it). */
const POD_SECURITY_CONTEXT_JSON = k8s.toJson_PodSecurityContext(POD_SECURITY_CONTEXT);
const CONTAINER_SECURITY_CONTEXT_JSON = k8s.toJson_SecurityContext(CONTAINER_SECURITY_CONTEXT);

/** `members` without its undefined ones, as the generated conversions give their JSON. */
function definedMembers(members: Record<string, unknown>): Record<string, unknown> {
  const defined: Record<string, unknown> = {};
  for (const key of Object.keys(members)) if (members[key] !== undefined) defined[key] = members[key];
  return defined;
}

/**
 * Karpenter neither consolidates nor drift-replaces a node while a pod with
 * this annotation runs on it: losing the driver fails the whole job (lost
 * executors are only retried). Pod annotations reach the driver through Spark
 * conf, with or without the operator's webhook.
 */
const DRIVER_ANNOTATIONS = { 'karpenter.sh/do-not-disrupt': 'true' };

/**
 * A Spark operator SparkApplication (or ScheduledSparkApplication) whose
 * driver and executors share the same placement, volumes and non-root
 * security settings.
 *
 * Volumes, mounts, tolerations, node selection and security contexts go
 * into the pod templates (`spec.driver.template`, `spec.executor.template`,
 * Spark operator 2.1+) and nowhere else: Spark builds the pods from the
 * templates, so they are right whether or not the operator's mutating
 * webhook runs, and the webhook, which appends `spec.volumes` and role
 * `volumeMounts`/`tolerations` without de-duplication, has nothing to add twice.
 *
 * Its one object is the child `Resource` (`ApiObject.of(job)`).
 */
export class SparkJob extends Construct {
  constructor(scope: Construct, id: string, props: SparkJobProps) {
    super(scope, id);
    const nonEmpty = <T>(list: readonly T[] | undefined) => (list && list.length ? [...list] : undefined);
    const nonEmptyMap = (map: Record<string, string> | undefined) => (map && Object.keys(map).length ? map : undefined);
    const nodeSelector = props.nodeSelector && selectorAsRendered(props.nodeSelector);
    // The JSON of the pod templates (what k8s.toJson_PodTemplateSpec gives), made once for both: cdk8s copies each
    // where it renders it. The maps of the spec (the node selector) go in by reference, as cdk8s-plus converts a map
    // one spread per key (quadratic: 10,000 labels took a minute).
    const volumes = props.volumes.length ? props.volumes.map((volume) => k8s.toJson_Volume(volume)) : undefined;
    const volumeMounts = props.volumeMounts.length ? props.volumeMounts.map((mount) => k8s.toJson_VolumeMount(mount)) : undefined;
    const tolerations = props.tolerations?.length ? props.tolerations.map((toleration) => k8s.toJson_Toleration(toleration)) : undefined;
    const template = (role: 'driver' | 'executor') => ({
      // In the order of the generated conversions' keys, which CDK8S_DISABLE_SORT keeps in the output.
      spec: definedMembers({
        containers: [definedMembers({ name: SPARK_CONTAINER_NAMES[role], securityContext: CONTAINER_SECURITY_CONTEXT_JSON, volumeMounts })],
        nodeSelector,
        securityContext: POD_SECURITY_CONTEXT_JSON,
        tolerations,
        volumes,
      }),
    });
    const pod = (
      p: SparkPodProps,
      role: 'driver' | 'executor',
      serviceAccount: string,
      more: { annotations?: Record<string, string>; instances?: number },
    ) => ({
      cores: p.cores,
      coreLimit: p.coreLimit,
      memory: p.memory,
      memoryOverhead: p.memoryOverhead,
      labels: nonEmptyMap(p.labels),
      annotations: more.annotations,
      serviceAccount,
      template: template(role),
      instances: more.instances,
    });
    const { restartPolicy, dynamicAllocation, sparkUIOptions } = props;

    const spec: SparkApplicationSpec = {
      type: props.type as SparkApplicationSpecType,
      mode: SparkApplicationSpecMode.CLUSTER,
      sparkVersion: props.sparkVersion,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      mainApplicationFile: props.mainApplicationFile,
      mainClass: props.mainClass,
      arguments: nonEmpty(props.arguments),
      deps: [props.deps.jars, props.deps.files, props.deps.pyFiles].some((list) => list.length)
        ? { jars: nonEmpty(props.deps.jars), files: nonEmpty(props.deps.files), pyFiles: nonEmpty(props.deps.pyFiles) }
        : undefined,
      sparkConf: nonEmptyMap(props.sparkConf),
      hadoopConf: nonEmptyMap(props.hadoopConf),
      restartPolicy: {
        ...restartPolicy,
        type: (restartPolicy?.type ?? sparkRestartPolicy.properties.type.default) as SparkApplicationSpecRestartPolicyType,
      },
      timeToLiveSeconds: props.timeToLiveSeconds,
      dynamicAllocation: dynamicAllocation ? { enabled: true, shuffleTrackingEnabled: true, ...dynamicAllocation } : undefined,
      sparkUiOptions: sparkUIOptions
        ? { ...sparkUIOptions, serviceAnnotations: nonEmptyMap(sparkUIOptions.serviceAnnotations) }
        : undefined,
      driver: pod(props.driver, 'driver', props.driverServiceAccountName, { annotations: DRIVER_ANNOTATIONS }),
      executor: pod(props.executor, 'executor', props.executorServiceAccountName, { instances: props.executor.instances }),
    };
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    if (props.schedule) {
      const { cron, ...schedule } = props.schedule;
      new ScheduledSparkApplication(this, 'Resource', {
        metadata,
        // The template is a SparkApplicationSpec: the two generated types differ only in their names.
        spec: { schedule: cron, ...schedule, template: spec as unknown as ScheduledSparkApplicationSpecTemplate },
      });
    } else {
      new SparkApplication(this, 'Resource', { metadata, spec });
    }
  }
}
