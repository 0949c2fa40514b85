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
 * `chart.toJson()`, a walk over all objects per chart; here the first chart's
 * call prepares it, and the other charts' objects are taken as cdk8s takes
 * them (the chart's dependency order, the objects whose closest chart it is).
 * Values are resolved the short way where the app allows it (`withFastResolve`).
 */
export function chartsJson(app: App): ChartJson[] {
  return withFastResolve(() =>
    app.charts.map((chart, i) => ({
      chart,
      objects:
        i === 0
          ? chart.toJson()
          : new DependencyGraph(chart.node)
              .topology()
              .filter((node): node is ApiObject => node instanceof ApiObject && Chart.of(node) === chart)
              .map((object) => object.toJson()),
    })),
  );
}
