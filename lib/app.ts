import { ApiObject, App, Chart } from 'cdk8s';
import { NodeMountChart } from '../charts/node-mount-chart';
import { PodCsiChart } from '../charts/pod-csi-chart';
import { NodePoolsChart } from '../charts/node-pools-chart';
import { SparkApplicationsChart } from '../charts/spark-applications-chart';
import { TeamsChart } from '../charts/teams-chart';
import { Config } from './config/schema';
import { commonLabels } from './constructs/labels';
import { syncOrderAnnotations } from './gitops/sync-waves';

/**
 * The charts in apply order: each file name is `<id>.k8s.yaml`, and
 * kustomization lists them in this order (namespaces and RBAC before the
 * workloads that need them). A chart is left out when the config gives it
 * nothing to do. Add a mount approach's chart here.
 */
const CHARTS: ReadonlyArray<{
  readonly id: string;
  readonly appliesTo: (config: Config) => boolean;
  readonly create: (app: App, id: string, config: Config) => Chart;
}> = [
  { id: 'teams', appliesTo: () => true, create: (app, id, config) => new TeamsChart(app, id, chartProps(config)) },
  {
    id: 'node-daemonset',
    appliesTo: NodeMountChart.appliesTo,
    create: (app, id, config) => new NodeMountChart(app, id, chartProps(config)),
  },
  {
    id: 'pod-csi',
    appliesTo: PodCsiChart.appliesTo,
    create: (app, id, config) => new PodCsiChart(app, id, chartProps(config)),
  },
  {
    id: 'node-pools',
    appliesTo: NodePoolsChart.appliesTo,
    create: (app, id, config) => new NodePoolsChart(app, id, chartProps(config)),
  },
  {
    id: 'spark-applications',
    appliesTo: SparkApplicationsChart.appliesTo,
    create: (app, id, config) => new SparkApplicationsChart(app, id, chartProps(config)),
  },
];

function chartProps(config: Config) {
  // disableResourceNameHashes: names come from the config, readable and stable.
  return { config, labels: commonLabels(config), disableResourceNameHashes: true };
}

/** Builds the cdk8s app for a validated config. */
export function buildApp(config: Config, outdir?: string): App {
  const app = new App({ outdir });
  for (const chart of CHARTS) {
    if (chart.appliesTo(config)) chart.create(app, chart.id, config);
  }
  // On the objects themselves, so `cdk8s synth`, the bundles and Helm all carry the apply order.
  for (const object of app.node.findAll().filter(ApiObject.isApiObject)) {
    for (const [key, value] of Object.entries(syncOrderAnnotations(object.kind))) object.metadata.addAnnotation(key, value);
  }
  return app;
}
