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
import { SPARK_CONTAINER_NAMES } from '../spark/operator-facts';
import { k8s } from './k8s';

export interface SparkPodProps {
  readonly cores: number;
  /** @default - no CPU limit */
  readonly coreLimit?: string;
  readonly memory: string;
  /** @default - Spark's default overhead */
  readonly memoryOverhead?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** @default {} */
  readonly annotations?: Record<string, string>;
}

export interface SparkRestartPolicyProps {
  readonly type: 'Never' | 'OnFailure' | 'Always';
  /** @default - the operator's default (none) */
  readonly onFailureRetries?: number;
  /** @default - the operator's default */
  readonly onFailureRetryInterval?: number;
  /** @default - the operator's default (none) */
  readonly onSubmissionFailureRetries?: number;
  /** @default - the operator's default */
  readonly onSubmissionFailureRetryInterval?: number;
}

export interface SparkDynamicAllocationProps {
  /** @default - minExecutors */
  readonly initialExecutors?: number;
  readonly minExecutors: number;
  readonly maxExecutors: number;
  /** Milliseconds. @default - Spark's default */
  readonly shuffleTrackingTimeout?: number;
}

export interface SparkUIProps {
  readonly servicePort: number;
  readonly serviceType: string;
  /** @default {} */
  readonly serviceAnnotations?: Record<string, string>;
}

export interface SparkScheduleProps {
  /** Cron schedule or descriptor (`@daily`). */
  readonly cron: string;
  /** @default - the operator's time zone */
  readonly timeZone?: string;
  readonly concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  readonly suspend: boolean;
  readonly successfulRunHistoryLimit: number;
  readonly failedRunHistoryLimit: number;
}

export interface SparkJobProps {
  /** A DNS-1035 label (the operator refuses other names). */
  readonly name: string;
  readonly namespace: string;
  readonly type: 'Java' | 'Scala' | 'Python' | 'R';
  readonly sparkVersion: string;
  readonly image: string;
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
  readonly driver: SparkPodProps;
  readonly executor: SparkPodProps & { readonly instances: number };
  /** Volumes of the pods; each is mounted into driver and executors by `volumeMounts`. */
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** @default {} */
  readonly nodeSelector?: Record<string, string>;
  /** @default [] */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default - kept until deleted */
  readonly timeToLiveSeconds?: number;
  /** @default - never restarted */
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
 */
export class SparkJob extends Construct {
  constructor(scope: Construct, id: string, props: SparkJobProps) {
    super(scope, id);
    const nonEmpty = <T>(list: readonly T[] | undefined) => (list && list.length ? [...list] : undefined);
    const nonEmptyMap = (map: Record<string, string> | undefined) => (map && Object.keys(map).length ? map : undefined);
    const nodeSelector = nonEmptyMap(props.nodeSelector);
    const template = (role: 'driver' | 'executor') => {
      const json = k8s.toJson_PodTemplateSpec({
        spec: {
          // cdk8s-plus copies a map one spread per key (quadratic: 10,000 labels took a minute), so
          // it converts an empty one, whose place in the spec the real map then takes.
          nodeSelector: nodeSelector && {},
          tolerations: nonEmpty(props.tolerations),
          securityContext: POD_SECURITY_CONTEXT,
          volumes: nonEmpty(props.volumes),
          containers: [
            { name: SPARK_CONTAINER_NAMES[role], volumeMounts: nonEmpty(props.volumeMounts), securityContext: CONTAINER_SECURITY_CONTEXT },
          ],
        },
      });
      if (nodeSelector && json) json.spec.nodeSelector = definedEntries(nodeSelector);
      return json;
    };
    const pod = (p: SparkPodProps, role: 'driver' | 'executor', serviceAccount: string) => ({
      cores: p.cores,
      coreLimit: p.coreLimit,
      memory: p.memory,
      memoryOverhead: p.memoryOverhead,
      labels: nonEmptyMap(p.labels),
      annotations: nonEmptyMap(p.annotations),
      serviceAccount,
      template: template(role),
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
      restartPolicy: restartPolicy
        ? { ...restartPolicy, type: restartPolicy.type as SparkApplicationSpecRestartPolicyType }
        : { type: SparkApplicationSpecRestartPolicyType.NEVER },
      timeToLiveSeconds: props.timeToLiveSeconds,
      dynamicAllocation: dynamicAllocation ? { enabled: true, shuffleTrackingEnabled: true, ...dynamicAllocation } : undefined,
      sparkUiOptions: sparkUIOptions
        ? { ...sparkUIOptions, serviceAnnotations: nonEmptyMap(sparkUIOptions.serviceAnnotations) }
        : undefined,
      driver: pod(
        { ...props.driver, annotations: { ...DRIVER_ANNOTATIONS, ...props.driver.annotations } },
        'driver',
        props.driverServiceAccountName,
      ),
      executor: { ...pod(props.executor, 'executor', props.executorServiceAccountName), instances: props.executor.instances },
    };
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    if (props.schedule) {
      const { cron, ...schedule } = props.schedule;
      new ScheduledSparkApplication(this, 'ScheduledSparkApplication', {
        metadata,
        // The template is a SparkApplicationSpec: the two generated types differ only in their names.
        spec: { schedule: cron, ...schedule, template: spec as unknown as ScheduledSparkApplicationSpecTemplate },
      });
    } else {
      new SparkApplication(this, 'SparkApplication', { metadata, spec });
    }
  }
}

/** `map` without its undefined values, as cdk8s-plus's conversion leaves it, in linear time. */
function definedEntries(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([, value]) => value !== undefined));
}
