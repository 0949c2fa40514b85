import { Construct } from 'constructs';
import { ConfigChart, ConfigChartClass } from '../charts/config-chart';
import { SparkApplicationsChart } from '../charts/spark-applications-chart';
import { TeamsChart } from '../charts/teams-chart';
import { NodeMountChart } from './approaches/node-daemonset/chart';
import { NodePoolsChart } from './approaches/node-userdata/chart';
import { PodCsiChart } from './approaches/pod-csi/chart';
import { Config, MountApproach } from './config/schema';
import { withRenderedSelectors } from './spark/placement';

type ChartEntry = readonly [id: string, chart: ConfigChartClass];

/**
 * Each mount approach's chart (in its folder), with the id that names its
 * file. Typed by MountApproach, so an approach without its chart does not
 * compile. The entries are in apply order, which need not be that of
 * MOUNT_APPROACHES: node pools come after the mounts.
 */
const APPROACH_CHARTS: Readonly<Record<MountApproach, ChartEntry>> = {
  'node-daemonset': ['node-daemonset', NodeMountChart],
  'pod-csi': ['pod-csi', PodCsiChart],
  'node-userdata': ['node-pools', NodePoolsChart],
};

/**
 * The charts in apply order: each file name is `<id>.k8s.yaml`, and
 * kustomization lists them in this order (namespaces and RBAC before the
 * workloads that need them). A chart is left out when the config gives it
 * nothing to do.
 */
const CHARTS: readonly ChartEntry[] = [
  ['teams', TeamsChart],
  ...Object.values(APPROACH_CHARTS),
  ['spark-applications', SparkApplicationsChart],
];

/** The id (output file name) and class of each mount approach's chart. */
export function approachChart(approach: MountApproach): { readonly id: string; readonly chart: ConfigChartClass } {
  const [id, chart] = APPROACH_CHARTS[approach];
  return { id, chart };
}

/** Adds the charts a config needs to `scope`, in apply order, and returns them. */
export function addPlatformCharts(scope: Construct, config: Config): ConfigChart[] {
  return withRenderedSelectors(() =>
    CHARTS.filter(([, Chart]) => Chart.appliesTo(config)).map(([id, Chart]) => new Chart(scope, id, { config })),
  );
}

export interface SparkS3PlatformProps {
  /** A validated config with its defaults applied: what `loadConfig` or `validateConfig` returns. */
  readonly config: Config;
}

/**
 * Everything `mountpoint-s3-spark synth` writes into `manifests/`, as cdk8s
 * charts under this construct: the same objects with the same names, labels
 * and sync-wave annotations. Its scope can be an App or a chart of your own
 * (the charts then nest in it; each object stays in its own chart).
 */
export class SparkS3Platform extends Construct {
  /** The charts the config needs, in apply order (`teams`, `node-daemonset`, `pod-csi`, `node-pools`, `spark-applications`). */
  readonly charts: readonly ConfigChart[];

  constructor(scope: Construct, id: string, props: SparkS3PlatformProps) {
    super(scope, id);
    this.charts = addPlatformCharts(this, props.config);
  }
}
