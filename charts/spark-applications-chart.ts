import { Construct } from 'constructs';
import { Config } from '../lib/config/schema';
import { componentLabels } from '../lib/constructs/labels';
import { SparkJob } from '../lib/constructs/spark-job';
import { ConfigChart, ConfigChartProps } from './config-chart';
import { annotateSyncOrder } from '../lib/sync-waves';
import { sparkJobProps } from '../lib/spark/application';

/** The SparkApplications, each wired to the mounts of its team. */
export class SparkApplicationsChart extends ConfigChart {
  static appliesTo(config: Config): boolean {
    return config.sparkApplications.length > 0;
  }

  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, props);
    for (const app of props.config.sparkApplications) {
      // A suffixed id: constructs keeps children in a plain object, where a bare id "constructor" collides.
      new SparkJob(this, `${app.name}-spark-application`, sparkJobProps(props.config, app, componentLabels(app.name, 'spark-application')));
    }
    annotateSyncOrder(this);
  }
}
