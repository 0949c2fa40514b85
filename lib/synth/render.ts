import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';

/** Output files by path relative to the output directory, in a stable order; Buffers are binary (the chart .tgz). */
export type RenderedFiles = Map<string, string | Buffer>;

/** YAML the same way for every file: no anchors, no line folding, so diffs stay minimal. */
export function toYaml(value: unknown): string {
  return yaml.dump(value, { noRefs: true, lineWidth: -1, quotingType: '"' });
}

export function chartFileName(chart: Chart): string {
  return `${chart.node.id}.k8s.yaml`;
}

/**
 * `manifests/<chart>.k8s.yaml`, one multi-document file per chart, and a
 * kustomization listing them in apply order.
 */
export function renderManifests(app: App): RenderedFiles {
  const files: RenderedFiles = new Map();
  for (const chart of app.charts) {
    const objects = chart.toJson();
    files.set(`manifests/${chartFileName(chart)}`, objects.map(toYaml).join('---\n'));
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: app.charts.map(chartFileName),
  };
  files.set('manifests/kustomization.yaml', toYaml(kustomization));
  return files;
}
