import { Problem } from '../config/problems';
import { Config } from '../config/schema';
import { SYNC_STAGES } from './sync-waves';

/** Kubernetes label values hold at most 63 characters. */
const LABEL_VALUE_LIMIT = 63;

/**
 * The longest suffix the GitOps object names add to `chart.name`: Flux writes
 * a Kustomization's name into the `kustomize.toolkit.fluxcd.io/name` label of
 * what it applies, Argo CD an Application's into `app.kubernetes.io/instance`.
 */
const LONGEST_NAME_SUFFIX = Math.max('-jobs'.length, ...SYNC_STAGES.map((stage) => `-${stage.name}`.length));

/**
 * Combinations the GitOps output cannot deliver as asked: a Spark job the
 * operator deletes after `timeToLiveSeconds` would be re-created, and so run
 * again, by a tool that re-applies what is missing (Flux on every interval,
 * the Helm chart on every sync); names too long for the labels the tools write.
 */
export function gitOpsConfigProblems(config: Config): Problem[] {
  const { gitops } = config;
  if (!gitops) return [];
  const problems: Problem[] = [];
  const maxChartName = LABEL_VALUE_LIMIT - LONGEST_NAME_SUFFIX;
  if (config.chart.name.length > maxChartName) {
    problems.push({
      path: 'chart.name',
      message: `must be at most ${maxChartName} characters with gitops: Argo CD and Flux write "${config.chart.name}-…" names into labels, which hold ${LABEL_VALUE_LIMIT}`,
    });
  }
  gitops.flux.dependsOn.forEach((dependency, i) => {
    const own = gitops.deliver === 'helm' ? [config.chart.name] : SYNC_STAGES.map((stage) => `${config.chart.name}-${stage.name}`);
    if ((dependency.namespace ?? gitops.flux.namespace) === gitops.flux.namespace && own.includes(dependency.name)) {
      problems.push({ path: `gitops.flux.dependsOn[${i}].name`, message: `"${dependency.name}" is one of the Flux objects this tool writes: it would wait for itself` });
    }
  });
  config.sparkApplications.forEach((app, i) => {
    if (app.timeToLiveSeconds === undefined) return;
    const path = `sparkApplications[${i}].timeToLiveSeconds`;
    if (gitops.flux.enabled) {
      problems.push({
        path,
        message:
          'Flux re-applies DIR/gitops/flux on every interval and would re-create the application, and run it again, after the operator deletes it: remove timeToLiveSeconds or set gitops.flux.enabled: false',
      });
    }
    if (gitops.argocd.enabled && gitops.deliver === 'helm') {
      problems.push({
        path,
        message:
          'the Argo CD Application of the Helm chart would re-create the application, and run it again, after the operator deletes it: remove timeToLiveSeconds or set gitops.deliver: manifests (the jobs then get an Application that is synced by hand)',
      });
    }
  });
  return problems;
}
