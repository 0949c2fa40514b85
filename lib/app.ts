import { App } from 'cdk8s';
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
