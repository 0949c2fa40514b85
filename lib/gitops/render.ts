import { Config } from '../config/schema';
import { RenderedFiles, toYaml } from '../rendered-files';
import { argoCdApplication } from './argocd';
import { fluxGitRepository, fluxHelmRelease, fluxKustomizations } from './flux';
import { gitOpsSource } from './source';
import { SYNC_STAGES, syncStageOf } from '../constructs/sync-waves';

/**
 * `DIR/gitops/`: Argo CD Applications and Flux objects that deploy the
 * committed output directory; nothing without a `gitops` section. `kinds` are
 * the kinds of the synthesized objects: only stages that have objects get a
 * Flux Kustomization.
 *
 * Each tool gets the manifests bundle and, as an alternative, the Helm chart:
 * `argocd/application.yaml` or `argocd/application-helm.yaml` (same
 * Application name, so one replaces the other); Flux's `kustomization.yaml`
 * lists the source and the Kustomizations, and `helm-release.yaml` can take
 * the Kustomizations' place.
 */
export function renderGitOps(config: Config, kinds: ReadonlySet<string>): RenderedFiles {
  const files: RenderedFiles = new Map();
  if (!config.gitops) return files;
  const source = gitOpsSource(config, config.gitops);
  if (config.gitops.argocd.enabled) {
    files.set('gitops/argocd/application.yaml', toYaml(argoCdApplication(source, source.manifestsPath, false)));
    files.set('gitops/argocd/application-helm.yaml', toYaml(argoCdApplication(source, source.helmChartPath, true)));
  }
  if (config.gitops.flux.enabled) {
    const stages = SYNC_STAGES.filter((stage) => [...kinds].some((kind) => syncStageOf(kind).stage === stage));
    const resources: string[] = [];
    if (!config.gitops.flux.sourceRef) {
      files.set('gitops/flux/git-repository.yaml', toYaml(fluxGitRepository(source)));
      resources.push('git-repository.yaml');
    }
    files.set('gitops/flux/kustomizations.yaml', toYaml(...fluxKustomizations(source, stages)));
    resources.push('kustomizations.yaml');
    files.set('gitops/flux/helm-release.yaml', toYaml(fluxHelmRelease(source)));
    files.set('gitops/flux/kustomization.yaml', toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
  }
  return files;
}
