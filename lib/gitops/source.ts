import { posix } from 'node:path';
import { Config, GitOpsConfig } from '../config/schema';
import { commonLabels, componentLabels } from '../constructs/labels';

/** What every GitOps object needs to know about where the output lives. */
export interface GitOpsSource {
  readonly settings: GitOpsConfig;
  /** Name of the Application / Kustomizations / HelmRelease: the chart name. */
  readonly name: string;
  /** `DIR/manifests` as a path inside the repository, without `./`. */
  readonly manifestsPath: string;
  /** `DIR/helm/<chart.name>` (the Helm chart) as a path inside the repository. */
  readonly helmChartPath: string;
  readonly labels: Record<string, string>;
}

export function gitOpsSource(config: Config, settings: GitOpsConfig): GitOpsSource {
  return {
    settings,
    name: config.chart.name,
    manifestsPath: posix.join(settings.path, 'manifests'),
    helmChartPath: posix.join(settings.path, 'helm', config.chart.name),
    labels: { ...commonLabels(config), ...componentLabels(config.chart.name, 'gitops') },
  };
}
