import { SYNC_STAGES, SYNC_WAVE_ANNOTATION, SyncStage } from '../sync-waves';

/**
 * A kustomize patch that keeps only the objects of `stages` (by their sync
 * wave annotation) and deletes the rest from the build, so several Flux
 * Kustomizations or Argo CD Applications can share DIR/manifests, each
 * applying its own part.
 */
export function stageFilter(stages: readonly SyncStage[]): { target: { annotationSelector: string }; patch: string } {
  const waves = stages.map((stage) => SYNC_STAGES.indexOf(stage)).join(',');
  return {
    target: { annotationSelector: `${SYNC_WAVE_ANNOTATION} notin (${waves})` },
    patch: '$patch: delete\napiVersion: v1\nkind: Any\nmetadata:\n  name: any\n',
  };
}
