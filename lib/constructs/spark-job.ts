import { Construct } from 'constructs';
import {
  SparkApplication,
  SparkApplicationSpecDriverTolerations,
  SparkApplicationSpecDriverVolumeMounts,
  SparkApplicationSpecMode,
  SparkApplicationSpecRestartPolicyType,
  SparkApplicationSpecType,
  SparkApplicationSpecVolumes,
} from '../../imports/sparkoperator.k8s.io';

export interface SparkPodProps {
  readonly cores: number;
  /** @default - no CPU limit */
  readonly coreLimit?: string;
  readonly memory: string;
  /** @default - Spark's default overhead */
  readonly memoryOverhead?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

export interface SparkJobProps {
  readonly name: string;
  readonly namespace: string;
  readonly type: 'Java' | 'Scala' | 'Python' | 'R';
  readonly mode: 'cluster' | 'client';
  readonly sparkVersion: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  /** A URI Spark can open: `local:///mnt/s3/jars/app.py`, `s3a://…`. */
  readonly mainApplicationFile: string;
  /** @default - none (required by the operator for JVM applications) */
  readonly mainClass?: string;
  /** @default [] */
  readonly arguments?: readonly string[];
  /** URIs of dependency jars, files and Python files. */
  readonly deps: { readonly jars: readonly string[]; readonly files: readonly string[]; readonly pyFiles: readonly string[] };
  /** @default {} */
  readonly sparkConf?: Record<string, string>;
  /** @default {} */
  readonly hadoopConf?: Record<string, string>;
  readonly serviceAccountName: string;
  readonly driver: SparkPodProps;
  readonly executor: SparkPodProps & { readonly instances: number };
  /** Volumes of the pods; each is mounted into driver and executors by `volumeMounts`. */
  readonly volumes: readonly SparkApplicationSpecVolumes[];
  readonly volumeMounts: readonly SparkApplicationSpecDriverVolumeMounts[];
  /** @default {} */
  readonly nodeSelector?: Record<string, string>;
  /** @default [] */
  readonly tolerations?: readonly SparkApplicationSpecDriverTolerations[];
  /** @default - kept until deleted */
  readonly timeToLiveSeconds?: number;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * Karpenter neither consolidates nor drift-replaces a node while a pod with
 * this annotation runs on it: losing the driver fails the whole job (lost
 * executors are only retried). Pod annotations reach the driver through Spark
 * conf, with or without the operator's webhook.
 */
const DRIVER_ANNOTATIONS = { 'karpenter.sh/do-not-disrupt': 'true' };

/** The uid/gid of the `spark` user in the Apache Spark images. */
const SPARK_UID = 185;

/**
 * A Spark operator SparkApplication whose driver and executors share the
 * same placement, volumes and non-root security settings.
 */
export class SparkJob extends Construct {
  constructor(scope: Construct, id: string, props: SparkJobProps) {
    super(scope, id);
    const pod = (p: SparkPodProps) => ({
      cores: p.cores,
      coreLimit: p.coreLimit,
      memory: p.memory,
      memoryOverhead: p.memoryOverhead,
      labels: p.labels && Object.keys(p.labels).length ? p.labels : undefined,
      serviceAccount: props.serviceAccountName,
      nodeSelector: props.nodeSelector && Object.keys(props.nodeSelector).length ? props.nodeSelector : undefined,
      tolerations: props.tolerations?.length ? [...props.tolerations] : undefined,
      volumeMounts: props.volumeMounts.length ? [...props.volumeMounts] : undefined,
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: SPARK_UID,
        runAsGroup: SPARK_UID,
        fsGroup: SPARK_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    const nonEmpty = <T>(list: readonly T[] | undefined) => (list && list.length ? [...list] : undefined);
    const nonEmptyMap = (map: Record<string, string> | undefined) => (map && Object.keys(map).length ? map : undefined);

    new SparkApplication(this, 'SparkApplication', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        type: props.type as SparkApplicationSpecType,
        mode: props.mode as SparkApplicationSpecMode,
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
        restartPolicy: { type: SparkApplicationSpecRestartPolicyType.NEVER },
        timeToLiveSeconds: props.timeToLiveSeconds,
        volumes: nonEmpty(props.volumes),
        driver: { ...pod(props.driver), annotations: DRIVER_ANNOTATIONS },
        executor: { ...pod(props.executor), instances: props.executor.instances },
      },
    });
  }
}
