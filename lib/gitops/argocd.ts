import { IN_CLUSTER_SERVER } from '../config/gitops-schema';
import { jobsApplicationName } from '../config/gitops-names';
import { GitOpsSource, JOBS_STAGE } from './source';
import { stageFilter } from './stage-filter';
import { SYNC_WAVE_ANNOTATION, SyncStage } from '../sync-waves';

/** Deleting an Application first deletes what it deployed (Argo CD's cascading delete). */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * Retries of a failed sync for the same commit: without them a first sync that
 * fails because another chart's CRD is not there yet is never tried again.
 */
function retry(source: GitOpsSource): object {
  return { limit: source.settings.retries, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } };
}

function destination(source: GitOpsSource): Record<string, string> {
  const { argocd } = source.settings;
  return argocd.destination.name ? { name: argocd.destination.name } : { server: argocd.destination.server ?? IN_CLUSTER_SERVER };
}

/**
 * The namespace Argo CD checks against the project's destinations. Every
 * object of the output names its own namespace, so this default never places
 * one; it is the first namespace the output uses, which the project allows.
 */
function destinationNamespace(source: GitOpsSource): Record<string, string> {
  return source.namespaces.length ? { namespace: source.namespaces[0] } : {};
}

interface ApplicationProps {
  readonly name: string;
  /** Argo CD's own sync wave for the Application, read by an app-of-apps over DIR/gitops/argocd/. */
  readonly wave: number;
  readonly source: object;
  readonly syncPolicy: object;
}

function application(source: GitOpsSource, props: ApplicationProps): object {
  const { argocd } = source.settings;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: props.name,
      namespace: argocd.namespace,
      labels: source.labels,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(props.wave) },
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: argocd.project,
      source: { repoURL: source.settings.repoURL, targetRevision: source.settings.targetRevision, ...props.source },
      destination: { ...destination(source), ...destinationNamespace(source) },
      syncPolicy: props.syncPolicy,
    },
  };
}

/**
 * `deliver: manifests`: the platform (every stage but the jobs) in one
 * Application that prunes and self-heals, and the Spark jobs in another that
 * never re-creates a job the operator deleted after its `timeToLiveSeconds`
 * (no self-heal; with any such job, no automated sync at all: a new commit
 * would re-create it and run it again) and never deletes one (no prune: a
 * removed job keeps its driver's logs until someone deletes it).
 */
export function argoCdManifestApplications(source: GitOpsSource, jobsExpire: boolean): object[] {
  const platformStages = source.stages.filter((stage) => stage !== JOBS_STAGE);
  const kustomize = (stages: readonly SyncStage[]) => ({ path: source.manifestsPath, kustomize: { patches: [stageFilter(stages)] } });
  const applications = [
    application(source, {
      name: source.name,
      wave: 0,
      source: kustomize(platformStages),
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: retry(source) },
    }),
  ];
  if (source.stages.includes(JOBS_STAGE)) {
    applications.push(
      application(source, {
        name: jobsApplicationName(source.name),
        wave: 1,
        source: kustomize([JOBS_STAGE]),
        syncPolicy: { ...(jobsExpire ? {} : { automated: { prune: false, selfHeal: false } }), retry: retry(source) },
      }),
    );
  }
  return applications;
}

/** `deliver: helm`: the chart as one Application (config rules refuse jobs that expire, which it would re-create). */
export function argoCdHelmApplication(source: GitOpsSource): object {
  return application(source, {
    name: source.name,
    wave: 0,
    // valueFiles are relative to the chart; Helm reads the chart's values.yaml first.
    source: {
      path: source.helmChartPath,
      helm: { releaseName: source.name, ...(source.helmValuesFile ? { valueFiles: [source.helmValuesFile] } : {}) },
    },
    syncPolicy: { automated: { prune: true, selfHeal: true }, retry: retry(source) },
  });
}

/**
 * The project the Applications name, when it is not Argo CD's `default`: only
 * this repository, only the namespaces of the output on the destination
 * cluster, and of cluster-scoped kinds only those the output has (Argo CD
 * allows none unless listed). Wave -1: created before the Applications.
 */
export function argoCdProject(source: GitOpsSource): object {
  const { argocd } = source.settings;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: argocd.project, namespace: argocd.namespace, labels: source.labels, annotations: { [SYNC_WAVE_ANNOTATION]: '-1' } },
    spec: {
      description: `${source.name}: Mountpoint-S3 Spark platform and jobs`,
      sourceRepos: [source.settings.repoURL],
      destinations: source.namespaces.map((namespace) => ({ ...destination(source), namespace })),
      clusterResourceWhitelist: source.clusterKinds.map(({ group, kind }) => ({ group, kind })),
    },
  };
}
