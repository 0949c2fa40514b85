import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root';
import { compileRule } from './kubernetes-cel';
import { CheckContext, Finding, finding, pointer, Resource } from './types';

/** An OpenAPI schema node as vendored in schemas/crds.json. */
export interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string; messageExpression?: string; fieldPath?: string }>;
}

let celRuleSchemas: Record<string, CrdSchema | null> | undefined;

/** What a vendored CRD without CEL rules yields: nothing to evaluate. */
const WITHOUT_RULES: CrdSchema = {};

/**
 * The schema with the CEL rules of a vendored CRD kind (schemas/crds.json,
 * through build/schemas/cel-rules.json, which holds only the CRDs that carry
 * rules): an empty schema for a vendored CRD without rules, undefined for a
 * kind that is not a vendored CRD.
 */
export function vendoredCrdSchema(apiVersion: string, kind: string): CrdSchema | undefined {
  celRuleSchemas ??= JSON.parse(readFileSync(packagePath('build', 'schemas', 'cel-rules.json'), 'utf8')) as Record<
    string,
    CrdSchema | null
  >;
  const key = `${apiVersion}/${kind}`;
  if (!Object.hasOwn(celRuleSchemas, key)) return undefined;
  return celRuleSchemas[key] ?? WITHOUT_RULES;
}

/**
 * Step 2: the CEL rules (`x-kubernetes-validations`) of CRDs, on every value
 * they apply to, the way the API server runs them on create. Transition rules
 * (those reading `oldSelf`) need the stored object and are reported as
 * skipped (`cel/skipped`, info); a rule the engine cannot evaluate is
 * reported as `cel/not-evaluated` (warning), never counted as passed.
 */
export function checkCelRules(
  context: CheckContext,
  crdSchemaOf: (apiVersion: string, kind: string) => CrdSchema | undefined = vendoredCrdSchema,
): Finding[] {
  return context.resources.flatMap((resource) => {
    const { apiVersion, kind } = resource.object;
    const schema = typeof apiVersion === 'string' && typeof kind === 'string' ? crdSchemaOf(apiVersion, kind) : undefined;
    if (!schema || !hasRules(schema)) return [];
    const findings: Finding[] = [];
    walk(resource, schema, toCel(schema, resource.object), '', findings);
    return findings;
  });
}

const withRules = new WeakMap<CrdSchema, boolean>();

/** Whether any rule sits at or below this schema node: subtrees without rules are not walked. */
function hasRules(schema: CrdSchema): boolean {
  let found = withRules.get(schema);
  if (found === undefined) {
    const children = [
      ...Object.values(schema.properties ?? {}),
      schema.items,
      typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
    ];
    found = Boolean(schema['x-kubernetes-validations']?.length) || children.some((child) => child !== undefined && hasRules(child));
    withRules.set(schema, found);
  }
  return found;
}

function walk(resource: Resource, schema: CrdSchema, value: unknown, path: string, findings: Finding[]): void {
  if (!hasRules(schema)) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) findings.push(...evaluate(resource, rule, value, path));
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => walk(resource, schema.items!, item, pointer(path, i), findings));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childSchema =
      schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (childSchema) walk(resource, childSchema, child, pointer(path, key), findings);
  }
}

type Rule = NonNullable<CrdSchema['x-kubernetes-validations']>[number];

/** `value` is already in CEL's representation (see toCel). */
function evaluate(resource: Resource, rule: Rule, value: unknown, path: string): Finding[] {
  if (/\boldSelf\b/.test(rule.rule)) {
    return [finding(resource, path, 'cel/skipped', `transition rule needs the stored object: ${rule.rule}`, 'info')];
  }
  let result: unknown;
  try {
    result = compileRule(rule.rule)({ self: value });
  } catch (error) {
    return [notEvaluated(resource, path, rule, error)];
  }
  if (result === true) return [];
  if (result !== false) return [notEvaluated(resource, path, rule, `evaluates to ${String(result)}, not a bool`)];
  const at = rule.fieldPath ? pointer(path, ...fieldPathSegments(rule.fieldPath)) : path;
  return [finding(resource, at, 'cel', `${rule.message ?? `failed rule: ${rule.rule}`} (rule: ${rule.rule})`)];
}

function notEvaluated(resource: Resource, path: string, rule: Rule, error: unknown): Finding {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return finding(resource, path, 'cel/not-evaluated', `rule not evaluated (${reason}): ${rule.rule}`, 'warning');
}

/** `.spec.limits['cpu']` → `spec`, `limits`, `cpu`. */
function fieldPathSegments(fieldPath: string): string[] {
  return [...fieldPath.matchAll(/\.([^.[]+)|\['([^']*)'\]|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** JSON values as CEL sees them under a schema: integers are CEL `int` (BigInt in cel-js), other numbers `double`. */
function toCel(schema: CrdSchema | undefined, value: unknown): unknown {
  if (typeof value === 'number') {
    const integer =
      schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] || (schema?.type === undefined && Number.isInteger(value));
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCel(schema?.items, item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      toCel(
        schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined),
        child,
      ),
    ]),
  );
}
