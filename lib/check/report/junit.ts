import { CheckReport, statusOf } from '../check-resources';
import { Resource, resourceId } from '../types';
import { formatFinding } from './text';
import { printable } from '../../printable';

/**
 * JUnit XML for CI test reports: a test suite per file and Kubernetes
 * version, a test case per object, failing with its error lines (the
 * failure's type: the ids of the rules that failed); skipped
 * objects are marked skipped; unreadable documents are errors.
 */
export function renderJunit(reports: readonly CheckReport[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const report of reports) {
    const files = new Map<string, Resource[]>();
    for (const resource of report.resources) files.set(resource.file, [...(files.get(resource.file) ?? []), resource]);
    for (const error of report.loadErrors) if (!files.has(error.file)) files.set(error.file, []);
    for (const [file, resources] of files) {
      const cases = resources.map((resource) => {
        const status = statusOf(report, resource);
        const name = `${xml(resourceId(resource))}" classname="${xml(file)}`;
        if (status === 'skipped') return `    <testcase name="${name}"><skipped/></testcase>`;
        if (status === 'valid') return `    <testcase name="${name}"/>`;
        const errors = report.findings.filter((f) => f.resource === resource && f.severity === 'error');
        const lines = errors.map(formatFinding);
        const rules = [...new Set(errors.map((f) => f.rule))].join(',');
        return `    <testcase name="${name}"><failure message="${xml(lines[0])}" type="${xml(rules)}">${lines.map(xml).join('&#10;')}</failure></testcase>`;
      });
      const fileErrors = report.loadErrors.filter((e) => e.file === file);
      for (const error of fileErrors)
        cases.push(`    <testcase name="${xml(error.file)}" classname="${xml(file)}"><error message="${xml(error.message)}"/></testcase>`);
      const failed = resources.filter((r) => statusOf(report, r) === 'invalid').length;
      const skipped = resources.filter((r) => statusOf(report, r) === 'skipped').length;
      tests += cases.length;
      failures += failed;
      errors += fileErrors.length;
      suites.push(
        `  <testsuite name="${xml(`Kubernetes ${report.kubernetesVersion}: ${file}`)}" tests="${cases.length}" failures="${failed}" errors="${fileErrors.length}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mountpoint-s3-spark check" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** An attribute or text node on one line, with no character XML 1.0 refuses. */
function xml(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
