import { checkApiServerRules } from './api-server-rules';
import { checkCelRules } from './cel-rules';
import { LoadError } from './load-resources';
import { CheckContext, Finding, Resource } from './types';
import { validateSchemas, SchemaOptions } from './validate-schema';
import { checkWiring } from './wiring';

/** Everything one run found for one Kubernetes version. */
export interface CheckReport {
  readonly kubernetesVersion: string;
  readonly resources: readonly Resource[];
  readonly findings: readonly Finding[];
  readonly loadErrors: readonly LoadError[];
}

export type ResourceStatus = 'valid' | 'invalid' | 'skipped';

/** Schema findings after which the later steps have nothing reliable to work on. */
const NOT_CHECKED_FURTHER = new Set(['schema/kind', 'schema/missing', 'schema/skipped']);

/**
 * Steps 1–4 in order: schema, CRD CEL rules, API-server rules, wiring. Objects
 * without a schema (or skipped) only take part in step 1.
 */
export function checkResources(
  resources: readonly Resource[],
  options: SchemaOptions & { kubernetesVersion: string; loadErrors?: readonly LoadError[] },
): CheckReport {
  const context: CheckContext = { resources, kubernetesVersion: options.kubernetesVersion };
  const schemaFindings = validateSchemas(context, options);
  const unchecked = new Set(schemaFindings.filter((f) => NOT_CHECKED_FURTHER.has(f.rule)).map((f) => f.resource));
  const known: CheckContext = { ...context, resources: resources.filter((r) => !unchecked.has(r)) };
  const findings = [...schemaFindings, ...checkCelRules(known), ...checkApiServerRules(known), ...checkWiring(known)];
  return { kubernetesVersion: options.kubernetesVersion, resources, findings: sortFindings(findings, resources), loadErrors: options.loadErrors ?? [] };
}

/** Findings in input order (file, document), then by path: stable output for identical input. */
function sortFindings(findings: Finding[], resources: readonly Resource[]): Finding[] {
  const order = new Map(resources.map((r, i) => [r, i]));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order.get(a.f.resource)! - order.get(b.f.resource)! || a.f.path.localeCompare(b.f.path) || a.i - b.i)
    .map(({ f }) => f);
}

const statuses = new WeakMap<CheckReport, Map<Resource, ResourceStatus>>();

export function statusOf(report: CheckReport, resource: Resource): ResourceStatus {
  let byResource = statuses.get(report);
  if (!byResource) {
    byResource = new Map();
    for (const f of report.findings) {
      if (f.severity === 'error') byResource.set(f.resource, 'invalid');
      else if (f.rule === 'schema/skipped' && byResource.get(f.resource) !== 'invalid') byResource.set(f.resource, 'skipped');
    }
    statuses.set(report, byResource);
  }
  return byResource.get(resource) ?? 'valid';
}

export interface Summary {
  readonly resources: number;
  readonly valid: number;
  readonly invalid: number;
  readonly skipped: number;
  /** Documents that could not be read as objects. */
  readonly unreadable: number;
  readonly celSkipped: number;
  readonly celNotEvaluated: number;
}

export function summarize(report: CheckReport): Summary {
  const statuses = report.resources.map((r) => statusOf(report, r));
  const count = (status: ResourceStatus) => statuses.filter((s) => s === status).length;
  const rules = (rule: string) => report.findings.filter((f) => f.rule === rule).length;
  return {
    resources: report.resources.length,
    valid: count('valid'),
    invalid: count('invalid'),
    skipped: count('skipped'),
    unreadable: report.loadErrors.length,
    celSkipped: rules('cel/skipped'),
    celNotEvaluated: rules('cel/not-evaluated'),
  };
}

/** Whether a run passes: nothing invalid and nothing unreadable. */
export function passed(report: CheckReport): boolean {
  const summary = summarize(report);
  return summary.invalid === 0 && summary.unreadable === 0;
}
