import { Config } from '../config/schema';

/** Kubernetes' recommended labels shared by every object of one synthesis. */
export function commonLabels(config: Config): Record<string, string> {
  return {
    'app.kubernetes.io/instance': config.chart.name,
    'app.kubernetes.io/version': config.chart.version,
    'app.kubernetes.io/part-of': 'mountpoint-s3-spark',
    'app.kubernetes.io/managed-by': 'mountpoint-s3-spark',
  };
}

/** The labels that identify one component; also its selector labels. */
export function componentLabels(name: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component };
}
