/**
 * The public API of the `mountpoint-s3-spark` package: load or validate a
 * config, then compose the platform (or single charts and constructs) into a
 * cdk8s app of your own. The CLI (`mountpoint-s3-spark synth`) is built on the
 * same pieces. Everything not exported here is internal and may change.
 */

// The config: parse, validate, defaults, errors, types, JSON Schema.
export { loadConfig, validateConfig } from './config/load';
export { ConfigError, type Problem } from './config/problems';
// What loadConfig throws when the file cannot be read (a folder, a device, too large).
export { EnvironmentError } from './files/environment-error';
// What loadConfig throws when called with something that is no path or size limit.
export { UsageError } from './errors';
// One config, many clusters: each environment's merged, validated config.
export { environmentConfigs, type Environment } from './config/environments';
export {
  type BucketConfig,
  type Config,
  configSchema,
  type GitOpsConfig,
  KUBERNETES_VERSIONS,
  MOUNT_APPROACHES,
  type MountApproach,
  type NodePoolConfig,
  type SparkApplicationConfig,
  type TeamConfig,
} from './config/schema';

// Everything `synth` puts into manifests/, as one construct.
export { SparkS3Platform, type SparkS3PlatformProps } from './platform';

// The charts it composes, one output file each.
export { ConfigChart, type ConfigChartProps } from '../charts/config-chart';
export { TeamsChart } from '../charts/teams-chart';
export { NodeMountChart } from './approaches/node-daemonset/chart';
export { PodCsiChart } from './approaches/pod-csi/chart';
export { NodePoolsChart } from './approaches/node-userdata/chart';
export { SparkApplicationsChart } from '../charts/spark-applications-chart';

// The constructs the charts compose, each with its documented …Props.
export * from './approaches/pod-csi/constructs/claim-reader-role';
export * from './approaches/node-userdata/constructs/karpenter-node-class';
export * from './approaches/node-userdata/constructs/karpenter-node-pool';
export * from './approaches/node-daemonset/constructs/node-mount-daemon-set';
export * from './constructs/pod-security-namespace';
export * from './approaches/pod-csi/constructs/s3-claim-admission-policy';
export * from './approaches/pod-csi/constructs/s3-persistent-volume';
export * from './constructs/spark-driver-rbac';
export * from './constructs/spark-job';
export * from './constructs/spark-service-account';
export { annotateSyncOrder, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from './sync-waves';
