import { CheckReport, summarize } from '../check-resources';
import { Finding, resourceId } from '../types';

/**
 * One line per problem, `FILE: Kind/namespace/name: /json/path: message [rule]`
 * (warnings marked), then a summary line per version in kubeconform's manner.
 * Informational findings (skipped rules) are only counted.
 */
export function renderText(reports: readonly CheckReport[]): string {
  const lines: string[] = [];
  const several = reports.length > 1;
  for (const report of reports) {
    const suffix = several ? ` (Kubernetes ${report.kubernetesVersion})` : '';
    for (const error of report.loadErrors) lines.push(`${error.file}: ${error.message} [parse]${suffix}`);
    for (const f of report.findings.filter((x) => x.severity !== 'info')) lines.push(`${formatFinding(f)}${suffix}`);
  }
  for (const report of reports) {
    const s = summarize(report);
    const extras = [
      s.unreadable ? `, unreadable documents ${s.unreadable}` : '',
      s.celSkipped ? `, CEL transition rules skipped ${s.celSkipped}` : '',
      s.celNotEvaluated ? `, CEL rules not evaluated ${s.celNotEvaluated}` : '',
    ].join('');
    lines.push(`Kubernetes ${report.kubernetesVersion}: ${s.resources} resources - valid ${s.valid}, invalid ${s.invalid}, skipped ${s.skipped}${extras}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatFinding(f: Finding): string {
  const path = f.path ? `${f.path}: ` : '';
  const level = f.severity === 'warning' ? 'warning: ' : '';
  return `${f.resource.file}: ${resourceId(f.resource)}: ${path}${level}${f.message} [${f.rule}]`;
}
