/** One Kubernetes object read from an input, and where it came from. */
export interface Resource {
  /** The file it was read from (`-` for standard input). */
  readonly file: string;
  /** Position of its document in the file, from 0. */
  readonly document: number;
  readonly object: KubeObject;
}

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown; [key: string]: unknown };
  [key: string]: any;
}

/** `error` makes a resource invalid; `warning` (a CEL rule that could not be evaluated) and `info` (a rule skipped by design) do not. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly resource: Resource;
  /** JSON pointer into the object (`/spec/template/spec/containers/0/name`), `''` for the object itself. */
  readonly path: string;
  readonly message: string;
  /** Stable id of the rule, e.g. `schema/additionalProperties`, `cel`, `privileged-escalation`, `pv-pvc`. */
  readonly rule: string;
  readonly severity: Severity;
}

/** What a check stage is handed: every resource of the run, and the Kubernetes version checked against. */
export interface CheckContext {
  readonly resources: readonly Resource[];
  readonly kubernetesVersion: string;
}

export function finding(resource: Resource, path: string, rule: string, message: string, severity: Severity = 'error'): Finding {
  return { resource, path, rule, message, severity };
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function resourceId(resource: Resource): string {
  const { kind, metadata } = resource.object;
  const parts = [String(kind ?? '?'), metadata?.namespace, String(metadata?.name ?? '?')].filter((p) => typeof p === 'string');
  return parts.join('/');
}

/** Appends segments to a JSON pointer, escaping `~` and `/`. */
export function pointer(base: string, ...segments: Array<string | number>): string {
  return segments.reduce<string>((path, s) => `${path}/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`, base);
}
