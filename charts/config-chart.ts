import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Config } from '../lib/config/schema';

/** What every chart of this project is built from: the validated config. */
export interface ConfigChartProps extends ChartProps {
  readonly config: Config;
}

/** A chart class as `buildApp` composes them: built from the config, left out when it has nothing to do. */
export interface ConfigChartClass {
  new (scope: Construct, id: string, props: ConfigChartProps): Chart;
  appliesTo(config: Config): boolean;
}
