import { Config } from '../config/schema';
import { RenderedFiles, toYaml } from '../rendered-files';
import { argoCdHelmApplication, argoCdManifestApplications, argoCdProject } from './argocd';
import { expiresFromGit } from '../config/gitops-rules';
import { fluxGitRepository, fluxHelmRelease, fluxKustomizations } from './flux';
import { EnvironmentPlace, gitOpsSource, SynthesizedObject } from './source';

/** Argo CD's own project, which needs no AppProject from us. */
const DEFAULT_PROJECT = 'default';

/**
 * `DIR/gitops/`: Argo CD Applications and Flux objects that deploy the
 * committed output directory; nothing without a `gitops` section. `objects`
 * are the synthesized objects: only stages that have objects get a
 * Kustomization, and the Argo CD project allows exactly their namespaces and
 * cluster-scoped kinds.
 *
 * `gitops.deliver` chooses what both tools deploy, the manifests bundle or the
 * Helm chart, so there is one Application of each name and nothing to edit in
 * the generated files. For an `environment`, the objects deploy
 * `DIR/<environment>/` and carry its name. Each directory can be applied as a whole
 * (`kubectl apply -k gitops/flux`, an app-of-apps over `gitops/argocd`).
 */
export function renderGitOps(config: Config, objects: readonly SynthesizedObject[], environment?: EnvironmentPlace): RenderedFiles {
  const files: RenderedFiles = new Map();
  if (!config.gitops) return files;
  const source = gitOpsSource(config, config.gitops, objects, environment);
  const helm = config.gitops.deliver === 'helm';
  if (config.gitops.argocd.enabled) {
    if (config.gitops.argocd.project !== DEFAULT_PROJECT) files.set('gitops/argocd/project.yaml', toYaml(argoCdProject(source)));
    const jobsExpire = config.sparkApplications.some(expiresFromGit);
    const applications = helm ? [argoCdHelmApplication(source)] : argoCdManifestApplications(source, jobsExpire);
    files.set('gitops/argocd/applications.yaml', toYaml(...applications));
  }
  if (config.gitops.flux.enabled) {
    const resources: string[] = [];
    if (!config.gitops.flux.sourceRef) {
      files.set('gitops/flux/git-repository.yaml', toYaml(fluxGitRepository(source)));
      resources.push('git-repository.yaml');
    }
    if (helm) {
      files.set('gitops/flux/helm-release.yaml', toYaml(fluxHelmRelease(source)));
      resources.push('helm-release.yaml');
    } else {
      files.set('gitops/flux/kustomizations.yaml', toYaml(...fluxKustomizations(source)));
      resources.push('kustomizations.yaml');
    }
    files.set(
      'gitops/flux/kustomization.yaml',
      toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }),
    );
  }
  return files;
}
