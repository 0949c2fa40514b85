import { App, Chart } from 'cdk8s';
import { chartsJson } from '../app';
import { RenderedFiles, toYaml } from '../rendered-files';
import { kustomizeSortOptions } from '../sync-waves';

export function chartFileName(chart: Chart): string {
  return `${chart.node.id}.k8s.yaml`;
}

/**
 * `manifests/<chart>.k8s.yaml`, one multi-document file per chart, and a
 * kustomization listing them in apply order. Every object carries its sync
 * wave (lib/sync-waves.ts).
 */
export function renderManifests(app: App): RenderedFiles {
  const files: RenderedFiles = new Map();
  const charts = chartsJson(app);
  for (const { chart, objects } of charts) files.set(`manifests/${chartFileName(chart)}`, toYaml(...objects));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: charts.map(({ chart }) => chartFileName(chart)),
    sortOptions: kustomizeSortOptions(),
  };
  files.set('manifests/kustomization.yaml', toYaml(kustomization));
  return files;
}
