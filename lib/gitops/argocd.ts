import { IN_CLUSTER_SERVER } from '../config/gitops-schema';
import { GitOpsSource } from './source';

/**
 * An Argo CD Application over one path of the repository. The objects carry
 * their own sync waves, so one Application applies them in stage order.
 */
export function argoCdApplication(source: GitOpsSource, path: string, helm: boolean): object {
  const { settings } = source;
  const { argocd } = settings;
  const destination = argocd.destination.name ? { name: argocd.destination.name } : { server: argocd.destination.server ?? IN_CLUSTER_SERVER };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: source.name, namespace: argocd.namespace, labels: source.labels },
    spec: {
      project: argocd.project,
      source: {
        repoURL: settings.repoURL,
        targetRevision: settings.targetRevision,
        path,
        ...(helm ? { helm: { releaseName: source.name } } : {}),
      },
      destination,
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}
