import { checkApiServerRules } from './api-server-rules';
import { checkCelRules, CrdSchema, vendoredCrdSchema } from './cel-rules';
import { LoadError } from './load-resources';
import { RuleId } from './rule-registry';
import { byCodePoint } from './strings';
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

export interface CheckResourcesOptions extends SchemaOptions {
  readonly kubernetesVersion: string;
  readonly loadErrors?: readonly LoadError[];
  /**
   * The checked set is complete (as `synth`'s output is): a reference to an
   * object that is not in it is an error, not a warning.
   */
  readonly strictReferences?: boolean;
  /** Every warning is an error (`--warnings-as-errors`). */
  readonly warningsAsErrors?: boolean;
  /** Rules whose findings are dropped (`--skip-rules`). */
  readonly skipRules?: readonly RuleId[];
}

/** Schema findings after which the later steps have nothing reliable to work on. */
const NOT_CHECKED_FURTHER = new Set<RuleId>(['schema/kind', 'schema/missing', 'schema/skipped', 'schema/rejected']);

/**
 * Steps 1–4 in order: schema, CRD CEL rules, API-server rules, wiring. Objects
 * without a schema (or skipped) only take part in step 1.
 */
export function checkResources(resources: readonly Resource[], options: CheckResourcesOptions): CheckReport {
  const context: CheckContext = { resources, kubernetesVersion: options.kubernetesVersion };
  const schemaFindings = validateSchemas(context, options);
  const unchecked = new Set(schemaFindings.filter((f) => NOT_CHECKED_FURTHER.has(f.rule)).map((f) => f.resource));
  const known: CheckContext = { ...context, resources: resources.filter((r) => !unchecked.has(r)) };
  const findings = [...schemaFindings, ...checkCelRules(known, celSchemaOf(options)), ...checkApiServerRules(known), ...checkWiring(known)];
  return {
    kubernetesVersion: options.kubernetesVersion,
    resources,
    findings: sortFindings(applyPolicy(findings, options), resources),
    loadErrors: options.loadErrors ?? [],
  };
}

/** CEL rules of the vendored CRDs, else of a schema the user added that carries them. */
function celSchemaOf(options: CheckResourcesOptions): (apiVersion: string, kind: string) => CrdSchema | undefined {
  const { schemaOf } = options;
  if (!schemaOf) return vendoredCrdSchema;
  return (apiVersion, kind) => vendoredCrdSchema(apiVersion, kind) ?? schemaOf(options.kubernetesVersion, apiVersion, kind)?.celSchema;
}

/** `--skip-rules`, then references outside the set (warning, or error when strict), then `--warnings-as-errors`. */
export function applyPolicy(
  findings: readonly Finding[],
  options: Pick<CheckResourcesOptions, 'strictReferences' | 'warningsAsErrors' | 'skipRules'>,
): Finding[] {
  const skipped = new Set(options.skipRules ?? []);
  return findings
    .filter((f) => !skipped.has(f.rule))
    .map((f) => {
      if (!f.outsideSet) return f;
      return options.strictReferences
        ? { ...f, severity: 'error' as const }
        : { ...f, message: `${f.message} — make sure it exists in the cluster` };
    })
    .map((f) => (options.warningsAsErrors && f.severity === 'warning' ? { ...f, severity: 'error' as const } : f));
}

/** Findings in input order (file, document), then by path: stable output for identical input. */
function sortFindings(findings: Finding[], resources: readonly Resource[]): Finding[] {
  const order = new Map(resources.map((r, i) => [r, i]));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order.get(a.f.resource)! - order.get(b.f.resource)! || byCodePoint(a.f.path, b.f.path) || a.i - b.i)
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
  /** Warning findings (they do not make a resource invalid). */
  readonly warnings: number;
}

export function summarize(report: CheckReport): Summary {
  const statuses = report.resources.map((r) => statusOf(report, r));
  const count = (status: ResourceStatus) => statuses.filter((s) => s === status).length;
  const rules = (rule: RuleId) => report.findings.filter((f) => f.rule === rule).length;
  return {
    resources: report.resources.length,
    valid: count('valid'),
    invalid: count('invalid'),
    skipped: count('skipped'),
    unreadable: report.loadErrors.length,
    celSkipped: rules('cel/skipped'),
    celNotEvaluated: rules('cel/not-evaluated'),
    warnings: report.findings.filter((f) => f.severity === 'warning').length,
  };
}

/** Whether a run passes: nothing invalid and nothing unreadable. */
export function passed(report: CheckReport): boolean {
  const summary = summarize(report);
  return summary.invalid === 0 && summary.unreadable === 0;
}
