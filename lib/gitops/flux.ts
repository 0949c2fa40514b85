import { SYNC_STAGES, SYNC_WAVE_ANNOTATION, SyncStage } from '../constructs/sync-waves';
import { GitOpsSource } from './source';

const SOURCE_KIND = 'GitRepository';

/** The GitRepository the Flux objects read from: the configured one, or the one `fluxGitRepository` emits. */
function sourceRef(source: GitOpsSource): { kind: string; name: string } {
  return { kind: SOURCE_KIND, name: source.settings.flux.sourceRef?.name ?? source.name };
}

/** The repository, fetched with only the output directory in its artifact. */
export function fluxGitRepository(source: GitOpsSource): object {
  const { settings } = source;
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: SOURCE_KIND,
    metadata: { name: source.name, namespace: settings.flux.namespace, labels: source.labels },
    spec: {
      interval: settings.flux.interval,
      url: settings.repoURL,
      ref: { branch: settings.targetRevision },
      ...(settings.flux.secretRef ? { secretRef: { name: settings.flux.secretRef.name } } : {}),
      ...(settings.path === '.' ? {} : { ignore: onlyUnder(settings.path) }),
    },
  };
}

/**
 * `.gitignore` lines that leave only `path` in the artifact. Git cannot
 * re-include below an excluded directory, so each level is opened in turn.
 */
function onlyUnder(path: string): string {
  const lines = ['/*'];
  let prefix = '';
  for (const segment of path.split('/')) {
    if (prefix) lines.push(`${prefix}/*`);
    prefix = `${prefix}/${segment}`;
    lines.push(`!${prefix}/`);
  }
  return `${lines.join('\n')}\n`;
}

export function fluxKustomizationName(source: GitOpsSource, stage: SyncStage): string {
  return `${source.name}-${stage.name}`;
}

/**
 * One Kustomization per stage over `DIR/manifests`, each keeping only the
 * objects whose sync wave is its own (a delete patch selected by annotation
 * drops the rest), chained with `dependsOn`; every stage but the last waits
 * until its objects are ready, so the DaemonSet is rolled out before the
 * SparkApplications are created.
 */
export function fluxKustomizations(source: GitOpsSource, stages: readonly SyncStage[]): object[] {
  return stages.map((stage, index) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: fluxKustomizationName(source, stage), namespace: source.settings.flux.namespace, labels: source.labels },
    spec: {
      interval: source.settings.flux.interval,
      sourceRef: sourceRef(source),
      path: `./${source.manifestsPath}`,
      prune: true,
      wait: index < stages.length - 1,
      ...(index > 0 ? { dependsOn: [{ name: fluxKustomizationName(source, stages[index - 1]) }] } : {}),
      patches: [
        {
          target: { annotationSelector: `${SYNC_WAVE_ANNOTATION} notin (${SYNC_STAGES.indexOf(stage)})` },
          patch: '$patch: delete\napiVersion: v1\nkind: Any\nmetadata:\n  name: any\n',
        },
      ],
    },
  }));
}

/** The alternative to the Kustomizations: the Helm chart, released from its path in the repository. */
export function fluxHelmRelease(source: GitOpsSource): object {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: source.name, namespace: source.settings.flux.namespace, labels: source.labels },
    spec: {
      interval: source.settings.flux.interval,
      releaseName: source.name,
      chart: {
        spec: {
          chart: `./${source.helmChartPath}`,
          sourceRef: sourceRef(source),
          // The chart version need not change with every commit: release each new revision.
          reconcileStrategy: 'Revision',
        },
      },
    },
  };
}
