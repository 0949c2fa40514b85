import { ApiObject, App } from 'cdk8s';
import { ConfigChartClass, ConfigChartProps } from '../charts/config-chart';
import { NodeMountChart } from '../charts/node-mount-chart';
import { PodCsiChart } from '../charts/pod-csi-chart';
import { NodePoolsChart } from '../charts/node-pools-chart';
import { SparkApplicationsChart } from '../charts/spark-applications-chart';
import { TeamsChart } from '../charts/teams-chart';
import { Config } from './config/schema';
import { commonLabels } from './constructs/labels';
import { syncOrderAnnotations } from './constructs/sync-waves';

/**
 * The charts in apply order: each file name is `<id>.k8s.yaml`, and
 * kustomization lists them in this order (namespaces and RBAC before the
 * workloads that need them). A chart is left out when the config gives it
 * nothing to do. Add a mount approach's chart here.
 */
const CHARTS: ReadonlyArray<readonly [id: string, chart: ConfigChartClass]> = [
  ['teams', TeamsChart],
  ['node-daemonset', NodeMountChart],
  ['pod-csi', PodCsiChart],
  ['node-pools', NodePoolsChart],
  ['spark-applications', SparkApplicationsChart],
];

function chartProps(config: Config): ConfigChartProps {
  // disableResourceNameHashes: names come from the config, readable and stable.
  return { config, labels: commonLabels(config), disableResourceNameHashes: true };
}

/** Builds the cdk8s app for a validated config. */
export function buildApp(config: Config, outdir?: string): App {
  const app = new App({ outdir });
  for (const [id, Chart] of CHARTS) {
    if (Chart.appliesTo(config)) new Chart(app, id, chartProps(config));
  }
  // On the objects themselves, so `cdk8s synth`, the bundles and Helm all carry the apply order.
  for (const object of app.node.findAll().filter(ApiObject.isApiObject)) {
    for (const [key, value] of Object.entries(syncOrderAnnotations(object.kind))) object.metadata.addAnnotation(key, value);
  }
  return app;
}
