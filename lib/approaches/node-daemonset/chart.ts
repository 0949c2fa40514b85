import { Construct } from 'constructs';
import { findBucket } from '../../config/resolve';
import { Config } from '../../config/schema';
import { componentLabels } from '../../constructs/labels';
import { NodeMountDaemonSet } from './constructs/node-mount-daemon-set';
import { PodSecurityNamespace } from '../../constructs/pod-security-namespace';
import { nodeDaemonSetBuckets, nodeDaemonSetScript } from './config/node-script';
import { ConfigChart, ConfigChartProps } from '../../../charts/config-chart';
import { annotateSyncOrder } from '../../sync-waves';
import { daemonSetPlacement } from '../../spark/placement';

/**
 * Node-level mounting by DaemonSet (seed approach 2.2): one DaemonSet mounts
 * every `node-daemonset` bucket on the nodes where the teams using them run.
 */
export class NodeMountChart extends ConfigChart {
  /** Whether the config has anything for this chart to do. */
  static appliesTo(config: Config): boolean {
    return nodeDaemonSetBuckets(config).length > 0;
  }

  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, props);
    const { config } = props;
    const settings = config.nodeDaemonSet;
    const buckets = nodeDaemonSetBuckets(config);
    if (buckets.length === 0) return; // nothing to mount: an empty chart, as for the other charts
    const teams = config.teams.filter((t) => t.buckets.some((name) => findBucket(config, name).mount.approach === 'node-daemonset'));
    const placement = daemonSetPlacement(config, teams);

    new PodSecurityNamespace(this, 'namespace', {
      name: settings.namespace,
      enforce: 'privileged',
      labels: componentLabels(settings.name, 'node-mount'),
    });
    new NodeMountDaemonSet(this, 'daemon-set', {
      namespace: settings.namespace,
      name: settings.name,
      script: nodeDaemonSetScript(config, buckets),
      mountPaths: buckets.map((b) => b.mount.path),
      image: settings.image,
      nodeSelectorTerms: placement.nodeSelectorTerms,
      tolerations: placement.tolerations,
      priorityClassName: settings.priorityClassName,
      resources: settings.resources,
      selectorLabels: componentLabels(settings.name, 'node-mount'),
    });
    annotateSyncOrder(this);
  }
}
