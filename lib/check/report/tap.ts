import { CheckReport, statusOf } from '../check-resources';
import { resourceId } from '../types';
import { formatFinding } from './text';
import { printable } from '../../printable';

/**
 * TAP 13 as kubeconform writes it: one test point per object (`ok`, `not ok`
 * with its errors, `# skip`), one `not ok` per unreadable document, and the
 * plan at the end. Warnings follow their test point as `# warning:` lines.
 */
export function renderTap(reports: readonly CheckReport[]): string {
  const lines = ['TAP version 13'];
  let n = 0;
  const several = reports.length > 1;
  for (const report of reports) {
    const suffix = several ? ` [Kubernetes ${report.kubernetesVersion}]` : '';
    for (const error of report.loadErrors) lines.push(`not ok ${++n} - ${oneLine(`${error.file}: ${error.message}`)}${suffix}`);
    for (const resource of report.resources) {
      const status = statusOf(report, resource);
      const own = report.findings.filter((f) => f.resource === resource);
      const title = `${resource.file} (${resourceId(resource)})${suffix}`;
      const errors = own.filter((f) => f.severity === 'error').map((f) => oneLine(formatFinding(f).slice(resource.file.length + 2)));
      if (status === 'invalid') lines.push(`not ok ${++n} - ${oneLine(title)}: ${errors.join('; ')}`);
      else lines.push(`ok ${++n} - ${oneLine(title)}${status === 'skipped' ? ' # skip' : ''}`);
      for (const warning of own.filter((f) => f.severity === 'warning')) lines.push(`# warning: ${oneLine(formatFinding(warning))}`);
    }
  }
  lines.push(`1..${n}`);
  return `${lines.join('\n')}\n`;
}

/** A TAP line ends at a newline; a `#` would start a directive. */
function oneLine(text: string): string {
  return printable(text).replace(/#/g, '\\#');
}
