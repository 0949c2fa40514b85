import { UsageError } from '../errors';

/** A Kubernetes version as given (`1.30`, `1.30.0`, `v1.30.2`): the minor version schemas exist for, and the exact one. */
export interface KubernetesVersion {
  readonly minor: string;
  /** `1.30.2` as given, `1.30.0` for a bare minor version (kubeconform's `NormalizedKubernetesVersion` without the `v`). */
  readonly exact: string;
}

/** Accepts kubeconform's form (`1.30.0`) as well as the minor version (`1.30`); one of `supported`. */
export function parseKubernetesVersion(text: string, supported: readonly string[]): KubernetesVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  const minor = match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
  if (!match || !minor || !supported.includes(minor)) {
    throw new UsageError(
      `--kubernetes-version must be one of ${supported.join(', ')} (a patch version such as ${supported[0]}.0 is accepted too), not "${text}"`,
    );
  }
  return { minor, exact: `${minor}.${match[3] === undefined ? 0 : Number(match[3])}` };
}
