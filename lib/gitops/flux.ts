import { fluxKustomizationName } from '../config/gitops-names';
import { GitOpsSource, JOBS_STAGE } from './source';
import { stageFilter } from './stage-filter';
import { SyncStage } from '../sync-waves';

const SOURCE_KIND = 'GitRepository';

/** The GitRepository the Flux objects read from: the configured one, or the one `fluxGitRepository` emits. */
function sourceRef(source: GitOpsSource): { kind: string; name: string } {
  return { kind: SOURCE_KIND, name: source.settings.flux.sourceRef?.name ?? source.name };
}

function metadata(source: GitOpsSource, name: string): object {
  return { name, namespace: source.settings.flux.namespace, labels: source.labels };
}

/** The configured `flux.dependsOn`, as Flux writes a reference (namespace only when given). */
function externalDependencies(source: GitOpsSource): Array<{ name: string; namespace?: string }> {
  return source.settings.flux.dependsOn.map(({ name, namespace }) => ({ name, ...(namespace ? { namespace } : {}) }));
}

/** The repository, fetched with only the output directory in its artifact. */
export function fluxGitRepository(source: GitOpsSource): object {
  const { settings } = source;
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: SOURCE_KIND,
    metadata: metadata(source, source.name),
    spec: {
      interval: settings.flux.interval,
      url: settings.repoURL,
      ref: { branch: settings.targetRevision },
      ...(settings.flux.secretRef ? { secretRef: { name: settings.flux.secretRef.name } } : {}),
      ...(source.outputPath === '.' ? {} : { ignore: onlyUnder(source.outputPath) }),
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

/**
 * Readiness of the custom resources Flux's kstatus cannot judge (CEL over the
 * object; a missing field is guarded with `has`, as Flux asks). Flux evaluates
 * them only for Kustomizations that wait.
 */
export const HEALTH_CHECK_EXPRS = [
  {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    current: "has(status.applicationState) && status.applicationState.state in ['RUNNING', 'SUCCEEDING', 'COMPLETED']",
    // FAILING and SUBMISSION_FAILED are retried under restartPolicy OnFailure; the operator ends in FAILED when it gives up.
    failed: "has(status.applicationState) && status.applicationState.state == 'FAILED'",
  },
  {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'ScheduledSparkApplication',
    // A suspended one never gets a status: the operator returns before writing any.
    current: "(has(spec.suspend) && spec.suspend) || (has(status.scheduleState) && status.scheduleState == 'Scheduled')",
    failed: "has(status.scheduleState) && status.scheduleState == 'FailedValidation'",
  },
  {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    current: "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  },
  {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    current: "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  },
] as const;

/**
 * `deliver: manifests`: one Kustomization per stage over `DIR/manifests`,
 * each keeping only the objects of its own stage, chained with `dependsOn`
 * (the first one on the configured `flux.dependsOn`); each waits until its
 * objects are ready, with CEL health checks for the custom resources, so the
 * DaemonSet and node pools are up before the SparkApplications are created.
 *
 * The jobs stage never prunes: deleting a SparkApplication kills the job. Flux
 * re-applies everything on every interval, so a job the operator deleted
 * after `timeToLiveSeconds` would be re-created and run again; config rules
 * refuse that combination.
 */
export function fluxKustomizations(source: GitOpsSource): object[] {
  const { stages } = source;
  return stages.map((stage, index) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: metadata(source, fluxKustomizationName(source.name, stage)),
    spec: {
      interval: source.settings.flux.interval,
      retryInterval: source.settings.flux.retryInterval,
      sourceRef: sourceRef(source),
      path: `./${source.manifestsPath}`,
      prune: stage !== JOBS_STAGE,
      wait: true,
      ...healthCheckExprs(stage),
      ...dependsOn(index === 0 ? externalDependencies(source) : [{ name: fluxKustomizationName(source.name, stages[index - 1]) }]),
      patches: [stageFilter([stage])],
    },
  }));
}

function healthCheckExprs(stage: SyncStage): object {
  const checks = HEALTH_CHECK_EXPRS.filter((check) => (stage.kinds as readonly string[]).includes(check.kind));
  return checks.length ? { healthCheckExprs: checks.map((check) => ({ ...check })) } : {};
}

function dependsOn(dependencies: ReadonlyArray<{ name: string; namespace?: string }>): object {
  return dependencies.length ? { dependsOn: dependencies } : {};
}

/**
 * `deliver: helm`: the chart, released from its path in the repository on
 * every new revision, after the configured `flux.dependsOn` HelmReleases. A
 * failed install or upgrade is remediated (uninstalled / rolled back) and
 * retried `retries` times, so a CRD that arrives late does not leave the
 * release failed for good.
 */
export function fluxHelmRelease(source: GitOpsSource): object {
  const { retries } = source.settings;
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: metadata(source, source.name),
    spec: {
      interval: source.settings.flux.interval,
      releaseName: source.name,
      chart: {
        spec: {
          chart: `./${source.helmChartPath}`,
          // Paths in the GitRepository; values.yaml is not read unless listed.
          ...(source.helmValuesFile
            ? { valuesFiles: ['values.yaml', source.helmValuesFile].map((file) => `./${source.helmChartPath}/${file}`) }
            : {}),
          sourceRef: sourceRef(source),
          // The chart version need not change with every commit: release each new revision.
          reconcileStrategy: 'Revision',
        },
      },
      ...dependsOn(externalDependencies(source)),
      install: { remediation: { retries } },
      upgrade: { remediation: { retries, remediateLastFailure: true } },
    },
  };
}
