import { CheckReport, summarize } from '../check-resources';
import { Finding, resourceId } from '../types';
import type { ReportOptions } from '.';
import { printable } from '../../printable';

/**
 * One line per problem, `FILE: Kind/namespace/name: /json/path: message [rule]`
 * (warnings marked), then a summary line per version; with `summary`,
 * kubeconform's own summary line instead, for scripts that read it.
 * Informational findings (skipped rules) are only counted.
 */
export function renderText(reports: readonly CheckReport[], options: ReportOptions = {}): string {
  const lines: string[] = [];
  const several = reports.length > 1;
  for (const report of reports) {
    const suffix = several ? ` (Kubernetes ${report.kubernetesVersion})` : '';
    for (const error of report.loadErrors) lines.push(printable(`${error.file}: ${error.message} [parse]${suffix}`));
    for (const f of report.findings.filter((x) => x.severity !== 'info')) lines.push(`${formatFinding(f)}${suffix}`);
  }
  for (const report of reports) lines.push(options.summary ? kubeconformSummary(report, several) : summaryLine(report));
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: CheckReport): string {
  const s = summarize(report);
  const extras = [
    s.warnings ? `, warnings ${s.warnings}` : '',
    s.unreadable ? `, unreadable documents ${s.unreadable}` : '',
    s.celSkipped ? `, CEL transition rules skipped ${s.celSkipped}` : '',
    s.celNotEvaluated ? `, CEL rules not evaluated ${s.celNotEvaluated}` : '',
  ].join('');
  return `Kubernetes ${report.kubernetesVersion}: ${s.resources} resources - valid ${s.valid}, invalid ${s.invalid}, skipped ${s.skipped}${extras}`;
}

/** kubeconform's words: unreadable documents are its "Errors". */
function kubeconformSummary(report: CheckReport, several: boolean): string {
  const s = summarize(report);
  const total = s.resources + s.unreadable;
  const files = new Set([...report.resources.map((r) => r.file), ...report.loadErrors.map((e) => e.file)]);
  const where = files.size === 1 && files.has('-') ? 'parsing stdin' : `in ${files.size} file${files.size > 1 ? 's' : ''}`;
  const version = several ? `Kubernetes ${report.kubernetesVersion}: ` : '';
  return `${version}Summary: ${total} resource${total > 1 ? 's' : ''} found ${where} - Valid: ${s.valid}, Invalid: ${s.invalid}, Errors: ${s.unreadable}, Skipped: ${s.skipped}`;
}

export function formatFinding(f: Finding): string {
  const path = f.path ? `${f.path}: ` : '';
  const level = f.severity === 'warning' ? 'warning: ' : '';
  return printable(`${f.resource.file}: ${resourceId(f.resource)}: ${path}${level}${f.message} [${f.rule}]`);
}
