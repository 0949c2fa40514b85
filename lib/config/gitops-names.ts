import { SyncStage } from '../sync-waves';

/*
 * Names of GitOps objects derived from config names: here, below lib/gitops,
 * so the config rules (gitops-rules.ts) can refuse names that would not fit.
 */

/** The Kustomization of one stage: `<chart.name>-<stage>`. */
export function fluxKustomizationName(chartName: string, stage: SyncStage): string {
  return `${chartName}-${stage.name}`;
}

/** The Application of the jobs stage, beside the platform Application `<chart.name>`. */
export function jobsApplicationName(chartName: string): string {
  return `${chartName}-jobs`;
}
