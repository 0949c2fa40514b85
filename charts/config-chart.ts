import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Config } from '../lib/config/schema';
import { commonLabels } from '../lib/constructs/labels';

/** What every chart of this project is built from. */
export interface ConfigChartProps extends ChartProps {
  /** A validated config with its defaults applied: what `loadConfig` or `validateConfig` returns. */
  readonly config: Config;
  /**
   * Labels on every object of the chart, added to (and overriding) the
   * app.kubernetes.io/* labels derived from `config.chart`.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** A chart class as the platform composes them: built from the config, left out when it has nothing to do. */
export interface ConfigChartClass {
  new (scope: Construct, id: string, props: ConfigChartProps): ConfigChart;
  appliesTo(config: Config): boolean;
}

/**
 * The base of every chart here: its objects carry the app.kubernetes.io/*
 * labels of the config, and their names come from the config as they are
 * (no cdk8s name hashes), readable and stable. Subclasses compose constructs
 * and end with `annotateSyncOrder(this)` (lib/sync-waves.ts).
 */
export abstract class ConfigChart extends Chart {
  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, { disableResourceNameHashes: true, ...props, labels: { ...commonLabels(props.config), ...props.labels } });
  }
}
