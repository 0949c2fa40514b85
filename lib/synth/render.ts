import { App, Chart, Yaml } from 'cdk8s';
import { kustomizeSortOptions } from '../gitops/sync-waves';

/** Output files by path relative to the output directory, in a stable order; Buffers are binary (the chart .tgz). */
export type RenderedFiles = Map<string, string | Buffer>;

/**
 * YAML exactly as `cdk8s synth` writes it, so both ways of synthesizing give
 * the same bytes. Keys whose value is undefined are left out, as in JSON
 * (cdk8s' serializer would write them as null).
 */
export function toYaml(...documents: unknown[]): string {
  return Yaml.stringify(...documents.map((document) => JSON.parse(JSON.stringify(document)) as unknown));
}

export function chartFileName(chart: Chart): string {
  return `${chart.node.id}.k8s.yaml`;
}

/**
 * `manifests/<chart>.k8s.yaml`, one multi-document file per chart, and a
 * kustomization listing them in apply order. Every object carries its sync
 * wave (lib/gitops/sync-waves.ts).
 */
export function renderManifests(app: App): RenderedFiles {
  const files: RenderedFiles = new Map();
  for (const chart of app.charts) {
    files.set(`manifests/${chartFileName(chart)}`, toYaml(...chart.toJson()));
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: app.charts.map(chartFileName),
    sortOptions: kustomizeSortOptions(),
  };
  files.set('manifests/kustomization.yaml', toYaml(kustomization));
  return files;
}
