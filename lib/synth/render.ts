import { ChartYaml } from '../helm/plain-yaml';
import { RenderedFiles, toYaml } from '../rendered-files';
import { kustomizeSortOptions } from '../sync-waves';

/** The file `cdk8s synth` names after a chart (its construct id). */
export function chartFileName(chartId: string): string {
  return `${chartId}.k8s.yaml`;
}

/**
 * `manifests/<chart>.k8s.yaml`, one multi-document file per chart, and a
 * kustomization listing them in apply order. Every object carries its sync
 * wave (lib/sync-waves.ts).
 */
export function renderManifests(charts: readonly ChartYaml[]): RenderedFiles {
  const files: RenderedFiles = new Map();
  for (const { id, text } of charts) files.set(`manifests/${chartFileName(id)}`, text);
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: charts.map(({ id }) => chartFileName(id)),
    sortOptions: kustomizeSortOptions(),
  };
  files.set('manifests/kustomization.yaml', toYaml(kustomization));
  return files;
}
