import { CheckReport, statusOf, summarize } from '../check-resources';
import { ruleDocLink } from '../rule-registry';
import { resourceId } from '../types';

/** The whole result as one JSON document: per version a summary, every resource's status, every finding (skipped rules included) with its rule id and doc link. */
export function renderJson(reports: readonly CheckReport[]): string {
  const document = {
    versions: reports.map((report) => ({
      kubernetesVersion: report.kubernetesVersion,
      summary: summarize(report),
      resources: report.resources.map((resource) => ({
        file: resource.file,
        document: resource.document,
        apiVersion: resource.object.apiVersion,
        kind: resource.object.kind,
        namespace: resource.object.metadata?.namespace,
        name: resource.object.metadata?.name,
        status: statusOf(report, resource),
      })),
      findings: report.findings.map((f) => ({
        file: f.resource.file,
        document: f.resource.document,
        resource: resourceId(f.resource),
        path: f.path,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        doc: ruleDocLink(f.rule),
      })),
      unreadable: report.loadErrors,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
