import { kubernetesName } from './schema-parts';

/** The Argo CD destination when neither `server` nor `name` is given: the cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** What Argo CD and Flux deploy: the YAML bundle or the Helm chart, one of them so that no two objects claim the same resources. */
export const GITOPS_DELIVERIES = ['manifests', 'helm'] as const;

const duration = {
  type: 'string',
  pattern: '^([0-9]+(ms|s|m|h))+$',
  errorMessage: { pattern: 'must be a Go duration such as 30s, 10m or 1h' },
} as const;

/** A Flux object another one waits for (`dependsOn`): a name, and a namespace when it is not the dependent's. */
const fluxDependency = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: kubernetesName, namespace: kubernetesName },
} as const;

const gitRef = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$',
  errorMessage: { pattern: 'must be a branch name such as main or release/1.4' },
} as const;

/**
 * `gitops`: where the output directory is committed, for the Argo CD and Flux
 * manifests under DIR/gitops/. Without this section, no GitOps output.
 */
export const gitopsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repoURL'],
  description: 'Where the output directory is committed; adds Argo CD and Flux manifests under DIR/gitops/.',
  properties: {
    repoURL: {
      type: 'string',
      pattern: '^(https://|ssh://|git@)[^\\s\'"`$\\\\]+$',
      description: 'Git repository the output directory is committed to.',
      errorMessage: { pattern: 'must be a Git URL starting with https://, ssh:// or git@, without spaces or quotes' },
    },
    path: {
      type: 'string',
      pattern: '^(\\.|[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)$',
      default: 'dist',
      description: 'Path of the output directory inside the repository ("." for its root).',
      errorMessage: { pattern: 'must be a relative path such as dist or clusters/prod/spark, without a leading or trailing "/"' },
    },
    targetRevision: {
      ...gitRef,
      default: 'main',
      description: 'Branch to deploy from (Flux tracks it as a branch).',
    },
    deliver: {
      type: 'string',
      enum: GITOPS_DELIVERIES,
      default: 'manifests',
      description:
        'What Argo CD and Flux deploy: manifests (DIR/manifests, the platform and the Spark jobs as separate Applications / Kustomizations) or helm (the chart DIR/helm/<chart.name>, one Application / HelmRelease).',
    },
    retries: {
      type: 'integer',
      minimum: 0,
      maximum: 100,
      default: 5,
      description:
        'How often a failed sync is retried for the same commit (Argo CD syncPolicy.retry, backing off from 30s to 5m) and a failed Helm install or upgrade is remediated and retried (Flux HelmRelease), e.g. while another chart installs a CRD.',
    },
    argocd: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Argo CD Applications in DIR/gitops/argocd/.',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Write DIR/gitops/argocd/.' },
        namespace: { ...kubernetesName, default: 'argocd', description: 'Namespace Argo CD watches for Applications.' },
        project: {
          ...kubernetesName,
          default: 'default',
          description:
            'Argo CD project of the Applications; any other than default is written as DIR/gitops/argocd/project.yaml, allowing this repository, the namespaces and the cluster-scoped kinds of the output.',
        },
        destination: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'Target cluster: server URL or cluster name, not both; default: the cluster Argo CD runs in.',
          properties: {
            server: {
              type: 'string',
              pattern: '^https://[^\\s\'"`$\\\\]+$',
              description: `API server URL as registered in Argo CD (default ${IN_CLUSTER_SERVER} unless name is set).`,
              errorMessage: { pattern: 'must be an https:// URL' },
            },
            name: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9._@:-]*$',
              description: 'Cluster name as registered in Argo CD.',
              errorMessage: { pattern: 'must be a cluster name as registered in Argo CD: letters, digits, ".", "_", "@", ":" and "-"' },
            },
          },
          not: { required: ['server', 'name'] },
          errorMessage: { not: 'set either server or name, not both' },
        },
      },
    },
    flux: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Flux GitRepository, Kustomizations and HelmRelease in DIR/gitops/flux/.',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Write DIR/gitops/flux/.' },
        namespace: { ...kubernetesName, default: 'flux-system', description: 'Namespace of the Flux objects.' },
        interval: { ...duration, default: '10m', description: 'How often Flux fetches and reconciles.' },
        retryInterval: {
          ...duration,
          default: '1m',
          description: 'How soon Flux retries a Kustomization whose apply failed (instead of waiting for the next interval).',
        },
        dependsOn: {
          type: 'array',
          default: [],
          items: fluxDependency,
          description:
            'Flux objects that install what the output needs (the Spark operator, Karpenter, the CSI driver and their CRDs): Kustomizations with deliver: manifests, HelmReleases with deliver: helm. Nothing is applied before they are ready.',
        },
        sourceRef: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          description: 'Use this existing GitRepository (in flux.namespace, e.g. flux-system) instead of emitting one.',
          properties: { name: kubernetesName },
        },
        secretRef: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          description: 'Secret with the credentials of a private repository, for the emitted GitRepository.',
          properties: { name: kubernetesName },
        },
      },
      not: { required: ['sourceRef', 'secretRef'] },
      errorMessage: { not: 'secretRef belongs on the GitRepository named by sourceRef, which this tool does not emit: set one of them' },
    },
  },
} as const;
