import { Problem } from './problems';
import { Config, GitOpsConfig, SparkApplicationConfig } from './schema';
import { fluxKustomizationName, jobsApplicationName } from './gitops-names';
import { SYNC_STAGES } from '../sync-waves';

/** Kubernetes label values hold at most 63 characters. */
const LABEL_VALUE_LIMIT = 63;

/**
 * The longest suffix the GitOps object names add to `chart.name`: Flux writes
 * a Kustomization's name into the `kustomize.toolkit.fluxcd.io/name` label of
 * what it applies, Argo CD an Application's into `app.kubernetes.io/instance`.
 */
const LONGEST_NAME_SUFFIX = Math.max(
  jobsApplicationName('').length,
  ...SYNC_STAGES.map((stage) => fluxKustomizationName('', stage).length),
);

/**
 * Combinations the GitOps output cannot deliver as asked: names too long for
 * the labels the tools write, a Flux dependency on our own objects, and Spark
 * jobs that would run again after the operator deletes them.
 */
export function gitOpsConfigProblems(config: Config, environment?: string): Problem[] {
  const { gitops } = config;
  if (!gitops) return [];
  const instance = environment === undefined ? config.chart.name : `${config.chart.name}-${environment}`;
  return [...nameLength(config, environment), ...ownDependencies(instance, gitops), ...expiringJobs(config, gitops)];
}

/** The longest name the GitOps objects may be derived from (`chart.name`, or `<chart.name>-<environment>`). */
export function gitOpsNameLimit(): number {
  return LABEL_VALUE_LIMIT - LONGEST_NAME_SUFFIX;
}

function nameLength(config: Config, environment: string | undefined): Problem[] {
  const max = gitOpsNameLimit();
  if (environment !== undefined) {
    // An environment's GitOps objects are named `<chart.name>-<environment>-…`.
    const instance = `${config.chart.name}-${environment}`;
    if (instance.length <= max) return [];
    return [
      {
        path: '',
        message: `"${instance}", the name of this environment's GitOps objects, must be at most ${max} characters: shorten chart.name or the environment name`,
      },
    ];
  }
  if (config.chart.name.length <= max) return [];
  return [
    {
      path: 'chart.name',
      message: `must be at most ${max} characters with gitops: Argo CD and Flux write "${config.chart.name}-…" names into labels, which hold ${LABEL_VALUE_LIMIT}`,
    },
  ];
}

/** A `flux.dependsOn` entry naming a Flux object this tool writes (named after `instance`) would wait for itself. */
function ownDependencies(instance: string, gitops: GitOpsConfig): Problem[] {
  const own = gitops.deliver === 'helm' ? [instance] : SYNC_STAGES.map((stage) => fluxKustomizationName(instance, stage));
  return gitops.flux.dependsOn.flatMap((dependency, i) =>
    (dependency.namespace ?? gitops.flux.namespace) === gitops.flux.namespace && own.includes(dependency.name)
      ? [
          {
            path: `gitops.flux.dependsOn[${i}].name`,
            message: `"${dependency.name}" is one of the Flux objects this tool writes: it would wait for itself`,
          },
        ]
      : [],
  );
}

/**
 * Whether the operator deletes a SparkApplication that Git holds after its
 * `timeToLiveSeconds`. A scheduled application's TTL applies to its runs,
 * which the operator creates and which no GitOps tool knows.
 */
export function expiresFromGit(app: SparkApplicationConfig): boolean {
  return app.timeToLiveSeconds !== undefined && app.schedule === undefined;
}

/**
 * A job the operator deletes after `timeToLiveSeconds` is re-created, and so
 * run again, by a tool that re-applies what is missing: Flux on every
 * interval, the Argo CD Application of the Helm chart on every sync.
 */
function expiringJobs(config: Config, gitops: GitOpsConfig): Problem[] {
  return config.sparkApplications.flatMap((app, i) => {
    if (!expiresFromGit(app)) return [];
    const path = `sparkApplications[${i}].timeToLiveSeconds`;
    const problems: Problem[] = [];
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
    return problems;
  });
}
