import type { IConstruct } from 'constructs';

/**
 * The order in which the synthesized objects reach a cluster, by kind: ONE
 * table for the Argo CD sync waves, the Flux Kustomizations' `dependsOn`
 * chain and the `kubectl apply -k` sort order, so the three cannot disagree.
 * A chart that emits a kind missing here fails loudly: add the kind.
 */
export const SYNC_STAGES = [
  {
    name: 'foundation',
    why: 'namespaces, identities, RBAC and configuration that everything else refers to',
    kinds: ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap', 'Secret'],
  },
  {
    name: 'mounts',
    why: 'what puts the buckets on nodes and into pods, and the policies guarding it',
    kinds: [
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'EC2NodeClass',
      'NodePool',
      'DaemonSet',
      'PersistentVolume',
      'PersistentVolumeClaim',
    ],
  },
  {
    name: 'applications',
    why: 'Spark jobs, which need their mounts in place',
    kinds: ['SparkApplication', 'ScheduledSparkApplication'],
  },
] as const;

export type SyncStage = (typeof SYNC_STAGES)[number];
export type SyncStageName = SyncStage['name'];

/**
 * Kinds whose CRDs another chart installs (Spark operator, Karpenter): Argo CD
 * must not fail its dry run when the CRD is not there yet.
 */
const CRD_FROM_ANOTHER_CHART: ReadonlySet<string> = new Set(['SparkApplication', 'ScheduledSparkApplication', 'NodePool', 'EC2NodeClass']);

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * Kinds GitOps must never delete, neither when they leave the config nor when
 * the Application / Kustomization goes: a team's Namespace holds whatever else
 * the team runs there.
 */
const NEVER_DELETED: ReadonlySet<string> = new Set(['Namespace']);

/** The stage of a kind and its Argo CD wave (the stage's index). */
export function syncStageOf(kind: string): { stage: SyncStage; wave: number } {
  const wave = SYNC_STAGES.findIndex((stage) => (stage.kinds as readonly string[]).includes(kind));
  if (wave < 0) throw new Error(`kind ${kind} has no sync stage: add it to SYNC_STAGES in lib/sync-waves.ts`);
  return { stage: SYNC_STAGES[wave], wave };
}

/**
 * The annotations that tell Argo CD and Flux how to treat an object of this
 * kind: its sync wave, whether its CRD may still be missing, and whether they
 * may delete it.
 */
export function gitOpsAnnotations(kind: string): Record<string, string> {
  const annotations: Record<string, string> = { [SYNC_WAVE_ANNOTATION]: String(syncStageOf(kind).wave) };
  const syncOptions: string[] = [];
  if (CRD_FROM_ANOTHER_CHART.has(kind)) syncOptions.push('SkipDryRunOnMissingResource=true');
  if (NEVER_DELETED.has(kind)) {
    syncOptions.push('Prune=false', 'Delete=false');
    annotations[FLUX_PRUNE_ANNOTATION] = 'disabled';
  }
  if (syncOptions.length) annotations[SYNC_OPTIONS_ANNOTATION] = syncOptions.join(',');
  return annotations;
}

/**
 * Annotates every object under `scope` with its apply order, so the order
 * travels with the objects into any app: `cdk8s synth`, the bundles, the Helm
 * chart. Each chart calls it after composing its constructs.
 */
export function annotateSyncOrder(scope: IConstruct): void {
  // Required here, not at the top: config rules read SYNC_STAGES, and `validate` loads no cdk8s.
  const { ApiObject } = require('cdk8s') as typeof import('cdk8s');
  // Listed once per kind: a chart of 10,000 teams holds some 80,000 objects of a few kinds.
  const byKind = new Map<string, Array<[string, string]>>();
  for (const object of scope.node.findAll()) {
    if (!ApiObject.isApiObject(object)) continue;
    let annotations = byKind.get(object.kind);
    if (annotations === undefined) byKind.set(object.kind, (annotations = Object.entries(gitOpsAnnotations(object.kind))));
    for (const [key, value] of annotations) object.metadata.addAnnotation(key, value);
  }
}

/**
 * kustomize's `sortOptions` (kustomize 5, kubectl 1.27+): `kubectl apply -k`
 * sends the objects in stage order too.
 */
export function kustomizeSortOptions(): object {
  const last = SYNC_STAGES[SYNC_STAGES.length - 1];
  return {
    order: 'legacy',
    legacySortOptions: {
      orderFirst: SYNC_STAGES.filter((stage) => stage !== last).flatMap((stage) => stage.kinds),
      orderLast: [...last.kinds],
    },
  };
}
