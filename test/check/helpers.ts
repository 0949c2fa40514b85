import { checkResources, CheckReport, CheckResourcesOptions } from '../../lib/check/check-resources';
import { addText, LoadedInput } from '../../lib/check/load-resources';
import { Finding, resourceId } from '../../lib/check/types';

/** Checks manifest text as if it were the file `file`. */
export function checkText(
  text: string,
  kubernetesVersion = '1.30',
  file = 'manifests.yaml',
  options: Partial<CheckResourcesOptions> = {},
): CheckReport {
  const input: LoadedInput = { resources: [], errors: [] };
  addText(input, file, text);
  return checkResources(input.resources, { ...options, kubernetesVersion, loadErrors: input.errors });
}

/** `rule Kind/namespace/name /path` of every finding that is reported as a line (errors and warnings). */
export function reported(report: CheckReport): string[] {
  return report.findings
    .filter((f) => f.severity !== 'info')
    .map(describe)
    .sort();
}

export function describe(f: Finding): string {
  return `${f.rule} ${resourceId(f.resource)} ${f.path}`.trim();
}
