import { Config } from '../config/schema';

/**
 * Kubernetes' recommended labels shared by every object of one synthesis. The
 * version is the app's, Mountpoint's, as Helm charts label it: a chart version
 * such as Flux's `0.1.0+<commit>` holds a `+`, which no label value may.
 */
export function commonLabels(config: Config): Record<string, string> {
  return {
    'app.kubernetes.io/instance': config.chart.name,
    'app.kubernetes.io/version': labelValue(config.mountpoint.version),
    'app.kubernetes.io/part-of': 'mountpoint-s3-spark',
    'app.kubernetes.io/managed-by': 'mountpoint-s3-spark',
  };
}

/**
 * A version as a label value (at most 63 of `[A-Za-z0-9_.-]`, starting and
 * ending with a letter or digit): `+` becomes `_`, as Helm does for its chart
 * label. The chart's `_helpers.tpl` does the same to `.Chart.AppVersion`.
 */
export function labelValue(version: string): string {
  return version
    .replace(/\+/g, '_')
    .slice(0, 63)
    .replace(/^[-_.]+|[-_.]+$/g, '');
}

/** The labels that identify one component; also its selector labels. */
export function componentLabels(name: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component };
}
