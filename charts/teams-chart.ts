import { Construct } from 'constructs';
import { isNodeLevel } from '../lib/approaches/registry';
import { findBucket, teamNamespace } from '../lib/config/resolve';
import { Config, TeamConfig } from '../lib/config/schema';
import { componentLabels } from '../lib/constructs/labels';
import { PodSecurityNamespace } from '../lib/constructs/pod-security-namespace';
import { SparkDriverRbac } from '../lib/constructs/spark-driver-rbac';
import { ConfigChart, ConfigChartProps } from './config-chart';
import { annotateSyncOrder } from '../lib/sync-waves';
import { SparkServiceAccount } from '../lib/constructs/spark-service-account';

/** Per team: its namespace, the service accounts of its Spark drivers and executors, and the driver's RBAC. */
export class TeamsChart extends ConfigChart {
  /** Every config has teams (the schema requires at least one). */
  static appliesTo(): boolean {
    return true;
  }

  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, props);
    for (const team of props.config.teams) {
      const namespace = teamNamespace(team);
      const labels = componentLabels(team.name, 'spark-team');
      new PodSecurityNamespace(this, `${team.name}-namespace`, {
        name: namespace,
        enforce: podSecurityLevel(props.config, team),
        labels,
      });
      const iamRoleArn = team.serviceAccount.eksPodIdentity ? undefined : team.serviceAccount.iamRoleArn;
      new SparkServiceAccount(this, `${team.name}-service-account`, { namespace, name: team.serviceAccount.name, iamRoleArn, labels });
      // Executors run user code: the same IAM role for S3, but no binding to the driver's Role.
      new SparkServiceAccount(this, `${team.name}-executor-service-account`, { namespace, name: team.serviceAccount.executorName, iamRoleArn, labels });
      new SparkDriverRbac(this, `${team.name}-driver-rbac`, {
        namespace,
        serviceAccountName: team.serviceAccount.name,
        labels,
      });
    }
    annotateSyncOrder(this);
  }
}

/**
 * Node-level mounts reach Spark pods as hostPath volumes, which the
 * `baseline` and `restricted` levels forbid; such namespaces must be
 * `privileged` (the pods themselves still run as non-root without
 * privileges, and the audit level records what keeps them from `restricted`).
 */
function podSecurityLevel(config: Config, team: TeamConfig): 'privileged' | 'restricted' {
  return team.buckets.some((name) => isNodeLevel(findBucket(config, name))) ? 'privileged' : 'restricted';
}
