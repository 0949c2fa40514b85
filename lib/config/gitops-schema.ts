import { kubernetesName } from './schema-parts';

/** The Argo CD destination when neither `server` nor `name` is given: the cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

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
    argocd: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Argo CD Applications in DIR/gitops/argocd/.',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Write DIR/gitops/argocd/.' },
        namespace: { ...kubernetesName, default: 'argocd', description: 'Namespace Argo CD watches for Applications.' },
        project: { ...kubernetesName, default: 'default', description: 'Argo CD project of the Applications.' },
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
            name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@:-]*$', description: 'Cluster name as registered in Argo CD.' },
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
        interval: {
          type: 'string',
          pattern: '^([0-9]+(ms|s|m|h))+$',
          default: '10m',
          description: 'How often Flux fetches and reconciles.',
          errorMessage: { pattern: 'must be a Go duration such as 30s, 10m or 1h' },
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
