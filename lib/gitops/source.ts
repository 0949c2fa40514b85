import { posix } from 'node:path';
import { Config, GitOpsConfig } from '../config/schema';
import { commonLabels, componentLabels } from '../constructs/labels';
import { SYNC_STAGES, SyncStage, syncStageOf } from '../sync-waves';

/** What GitOps needs to know of one synthesized object: where it goes and of what kind. */
export interface SynthesizedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
}

/** What every GitOps object needs to know about where the output lives and what it holds. */
export interface GitOpsSource {
  readonly settings: GitOpsConfig;
  /** Name of the platform Application / the Kustomizations' prefix / the HelmRelease: the chart name, `<chart.name>-<environment>` for an environment. */
  readonly name: string;
  /** The output directory (`DIR`, or `DIR/<environment>`) as a path inside the repository, `.` for its root. */
  readonly outputPath: string;
  /** `DIR/manifests` as a path inside the repository, without `./`. */
  readonly manifestsPath: string;
  /** `DIR/helm/<chart.name>` (the Helm chart) as a path inside the repository. */
  readonly helmChartPath: string;
  /**
   * The environment's values file in the chart that every environment shares
   * (`values-<environment>.yaml`, beside values.yaml); absent when the chart
   * is this output's own.
   */
  readonly helmValuesFile?: string;
  /**
   * Labels of the GitOps objects: the common ones without
   * `app.kubernetes.io/instance`, which Argo CD's label tracking reads as
   * "belongs to the Application of that name" — an Application carrying its
   * own name would be pruned by itself.
   */
  readonly labels: Record<string, string>;
  /** The stages that have objects, in apply order. */
  readonly stages: readonly SyncStage[];
  /** Every namespace the output puts objects in (the Namespaces it creates included), sorted. */
  readonly namespaces: readonly string[];
  /** `{ group, kind }` of every cluster-scoped kind in the output, sorted. */
  readonly clusterKinds: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
}

/** Where an environment's output goes: `DIR/<name>/`, and whether its Helm chart is the one every environment shares. */
export interface EnvironmentPlace {
  readonly name: string;
  /** The environment is released from `DIR/helm/<chart.name>` with its `values-<name>.yaml`. */
  readonly sharedChart: boolean;
}

/** `values-<environment>.yaml`: an environment's values in the chart every environment shares. */
export function environmentValuesFile(environment: string): string {
  return `values-${environment}.yaml`;
}

/** The stage of the Spark jobs: objects the Spark operator runs once and may delete after their TTL. */
export const JOBS_STAGE = SYNC_STAGES[SYNC_STAGES.length - 1];

/**
 * What the GitOps objects of one output directory need; for an environment,
 * the directory is `DIR/<environment>` and the names carry the environment,
 * so that one Argo CD can hold the Applications of every environment.
 */
export function gitOpsSource(
  config: Config,
  settings: GitOpsConfig,
  objects: readonly SynthesizedObject[],
  environment?: EnvironmentPlace,
): GitOpsSource {
  const { 'app.kubernetes.io/instance': _instance, ...labels } = {
    ...commonLabels(config),
    ...componentLabels(config.chart.name, 'gitops'),
  };
  const outputPath = environment === undefined ? settings.path : posix.join(settings.path, environment.name);
  const kinds = new Set(objects.map((o) => o.kind));
  const namespaces = new Set(objects.flatMap((o) => (o.kind === 'Namespace' ? [o.name] : o.namespace ? [o.namespace] : [])));
  const clusterKinds = new Map(
    objects.filter((o) => !o.namespace).map((o) => [`${groupOf(o.apiVersion)}/${o.kind}`, { group: groupOf(o.apiVersion), kind: o.kind }]),
  );
  return {
    settings,
    name: environment === undefined ? config.chart.name : `${config.chart.name}-${environment.name}`,
    outputPath,
    manifestsPath: posix.join(outputPath, 'manifests'),
    helmChartPath: posix.join(environment?.sharedChart ? settings.path : outputPath, 'helm', config.chart.name),
    ...(environment?.sharedChart ? { helmValuesFile: environmentValuesFile(environment.name) } : {}),
    labels,
    stages: SYNC_STAGES.filter((stage) => [...kinds].some((kind) => syncStageOf(kind).stage === stage)),
    namespaces: [...namespaces].sort(),
    clusterKinds: [...clusterKinds.keys()].sort().map((key) => clusterKinds.get(key)!),
  };
}

/** `apps/v1` → `apps`; `v1` (the core group) → ``. */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}
