import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { withFastResolve } from './cdk8s-resolve';
import { Config } from './config/schema';
import { addPlatformCharts } from './platform';

/**
 * The cdk8s app of a validated config, with the charts directly under the
 * app so that `cdk8s synth` names their files `<chart>.k8s.yaml` as `synth`
 * does. Library users compose `SparkS3Platform` into an app of their own.
 */
export function buildApp(config: Config, outdir?: string): App {
  const app = new App({ outdir });
  addPlatformCharts(app, config);
  return app;
}

/** A chart of an app and its objects as Kubernetes JSON. */
export interface ChartJson {
  readonly chart: Chart;
  readonly objects: unknown[];
}

/**
 * The app's charts in order, each with what `chart.toJson()` returns. cdk8s
 * prepares the whole app (dependencies between charts, validation) in every
 * `chart.toJson()`, a walk over all objects per chart; here one chart's call
 * prepares it, and the other charts' objects are taken as cdk8s takes them
 * (the chart's dependency order, the objects whose closest chart it is).
 * Values are resolved the short way where the app allows it (`withFastResolve`).
 */
export function chartsJson(app: App): ChartJson[] {
  return withFastResolve(() => withoutDependencies(app) ?? withDependencies(app));
}

/** cdk8s' own order: the app's and each chart's dependency graph, the first chart's `toJson()` preparing the app. */
function withDependencies(app: App): ChartJson[] {
  return app.charts.map((chart, i) => ({
    chart,
    objects:
      i === 0
        ? chart.toJson()
        : new DependencyGraph(chart.node)
            .topology()
            .filter((node): node is ApiObject => node instanceof ApiObject && Chart.of(node) === chart)
            .map((object) => object.toJson()),
  }));
}

/**
 * The same, for an app whose constructs depend on none (what `buildApp`
 * makes), without building its dependency graphs (at 10,000 teams 2 s and a
 * heap of vertices): each graph is then edgeless, and its order the tree's
 * pre-order, which is taken here as it is. The smallest chart's `toJson()`
 * prepares the app (validates it, and makes each chart that nests in another
 * depend on it, which moves none of their objects). Undefined for an app
 * with dependencies.
 */
function withoutDependencies(app: App): ChartJson[] | undefined {
  const charts: Chart[] = [];
  const objects = new Map<Chart, ApiObject[]>();
  for (const construct of app.node.findAll()) {
    if (construct.node.dependencies.length > 0) return undefined;
    if (construct instanceof Chart) {
      charts.push(construct);
      objects.set(construct, []);
    } else if (construct instanceof ApiObject) objects.get(Chart.of(construct))!.push(construct);
  }
  if (charts.length === 0) return [];
  const smallest = charts.reduce((a, b) => (objects.get(b)!.length < objects.get(a)!.length ? b : a));
  const prepared = smallest.toJson();
  return charts.map((chart) => ({ chart, objects: chart === smallest ? prepared : objects.get(chart)!.map((object) => object.toJson()) }));
}
