import type { RuleId } from './rule-registry';

/** One Kubernetes object read from an input, and where it came from. */
export interface Resource {
  /** The file it was read from (`-` for standard input). */
  readonly file: string;
  /** Position of its document in the file, from 0. */
  readonly document: number;
  readonly object: KubeObject;
  /** Plain scalars that YAML 1.1 (kubectl, Helm, kubeconform) reads as booleans or octal numbers, where they are in the object. */
  readonly yaml11Scalars?: readonly Yaml11Scalar[];
  /** Its text shows it is far below the API server's object size limit (see `checkObjectSize`). */
  readonly knownSmall?: boolean;
}

/** `on` (YAML 1.1: true) or `0755` (YAML 1.1: 493) at a JSON pointer; the object holds the YAML 1.1 value. */
export interface Yaml11Scalar {
  readonly path: string;
  readonly text: string;
}

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown; [key: string]: unknown };
  [key: string]: any;
}

/** `error` makes a resource invalid (and the run exit 1); `warning` does not, unless `--warnings-as-errors`; `info` (a rule skipped by design) is only counted. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly resource: Resource;
  /** JSON pointer into the object (`/spec/template/spec/containers/0/name`), `''` for the object itself. */
  readonly path: string;
  readonly message: string;
  /** Stable id of the rule (see RULES), e.g. `schema/additionalProperties`, `cel`, `privileged-escalation`, `pv-pvc`. */
  readonly rule: RuleId;
  readonly severity: Severity;
  /** About a referenced object that is not among the checked ones: a warning unless references are strict. */
  readonly outsideSet?: boolean;
}

/** What a check stage is handed: every resource of the run, and the Kubernetes version checked against. */
export interface CheckContext {
  readonly resources: readonly Resource[];
  readonly kubernetesVersion: string;
}

export function finding(resource: Resource, path: string, rule: RuleId, message: string, severity: Severity = 'error'): Finding {
  return { resource, path, rule, message, severity };
}

/**
 * `WHAT is not among the checked objects`: a warning (the object may well
 * exist in the cluster), made an error by `--strict-references`; see
 * `applyReferencePolicy`.
 */
export function referenceOutsideSet(resource: Resource, path: string, rule: RuleId, what: string): Finding {
  return { resource, path, rule, message: `${what} is not among the checked objects`, severity: 'warning', outsideSet: true };
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function resourceId(resource: Resource): string {
  const { kind, metadata } = resource.object;
  const parts = [String(kind ?? '?'), metadata?.namespace, String(metadata?.name ?? '?')].filter((p) => typeof p === 'string');
  return parts.join('/');
}

/** Appends segments to a JSON pointer, escaping `~` and `/`. */
export function pointer(base: string, ...segments: Array<string | number>): string {
  let path = base;
  for (const segment of segments) {
    const text = String(segment);
    // Thousands of objects ask for pointers; most segments need no escape.
    path += `/${text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text}`;
  }
  return path;
}
