import { isRecord } from '../pod-specs';
import { Resource } from '../types';

/** The checked resources by kind, namespace and name, to follow references between them. */
export class ObjectIndex {
  private readonly byKey = new Map<string, Resource>();

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) {
      const { kind, metadata } = resource.object;
      if (typeof kind === 'string' && isRecord(metadata) && typeof metadata.name === 'string') {
        this.byKey.set(key(kind, namespaceOf(resource), metadata.name), resource);
      }
    }
  }

  /** `namespace` is ignored (pass undefined) for cluster-scoped kinds. */
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  ofKind(kind: string): Resource[] {
    return this.resources.filter((r) => r.object.kind === kind);
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\0${namespace ?? ''}\0${name}`;
}

/** The namespace an object lands in (`default` when a namespaced object names none); undefined for objects that say none and are cluster-scoped by kind. */
export function namespaceOf(resource: Resource): string | undefined {
  const namespace = resource.object.metadata?.namespace;
  if (typeof namespace === 'string') return namespace;
  return CLUSTER_SCOPED.has(String(resource.object.kind)) ? undefined : 'default';
}

/** Cluster-scoped kinds that wiring rules look up or start from. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'NodePool',
  'EC2NodeClass',
  'CustomResourceDefinition',
  'PriorityClass',
]);
