import { RuleId } from './rule-registry';
import { KindSchema, schemaFor } from './schema-registry';
import { CompiledValidator } from '../validator-modules';
import { CheckContext, Finding, finding, KubeObject, pointer, Resource } from './types';
import { yaml11Reading } from './yaml11';

/** kustomize's own files travel with manifests but are build instructions, never sent to the API server. */
const NOT_API_OBJECTS = new Set(['kustomize.config.k8s.io/v1beta1/Kustomization', 'kustomize.config.k8s.io/v1alpha1/Component']);

export interface SchemaOptions {
  /** Objects of kinds without a schema are skipped instead of invalid (kubeconform's `-ignore-missing-schemas`). */
  readonly ignoreMissingSchemas?: boolean;
  /** Kinds (`Kind` or `apiVersion/Kind`) not checked at all (kubeconform's `-skip`). */
  readonly skipKinds?: readonly string[];
  /** Kinds (`Kind` or `apiVersion/Kind`) that must not appear (kubeconform's `-reject`). */
  readonly rejectKinds?: readonly string[];
  /** Where schemas come from; the vendored ones by default. */
  readonly schemaOf?: (kubernetesVersion: string, apiVersion: string, kind: string) => KindSchema | undefined;
}

/**
 * Step 1: every object against the strict schema of its kind in the checked
 * Kubernetes version, exactly the schemas kubeconform is given. Objects that
 * are not API objects, are skipped by kind, or have no schema under
 * `ignoreMissingSchemas`, get an `info` finding `schema/skipped`; later steps
 * leave them alone.
 */
export function validateSchemas(context: CheckContext, options: SchemaOptions = {}): Finding[] {
  const skip = new Set(options.skipKinds ?? []);
  const reject = new Set(options.rejectKinds ?? []);
  const schemaOf = options.schemaOf ?? schemaFor;
  return context.resources.flatMap((resource) => {
    const { apiVersion, kind } = resource.object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
      return [finding(resource, '', 'schema/kind', 'an object needs apiVersion and kind (strings)')];
    }
    if (skip.has(kind) || skip.has(`${apiVersion}/${kind}`))
      return [finding(resource, '', 'schema/skipped', `${kind} is skipped (--skip)`, 'info')];
    if (reject.has(kind) || reject.has(`${apiVersion}/${kind}`))
      return [finding(resource, '', 'schema/rejected', `prohibited resource kind ${kind} (--reject)`)];
    if (NOT_API_OBJECTS.has(`${apiVersion}/${kind}`)) {
      return [finding(resource, '', 'schema/skipped', `${kind} is a kustomize file, not an API object`, 'info')];
    }
    const schema = schemaOf(context.kubernetesVersion, apiVersion, kind);
    if (!schema) {
      const message = `no schema for ${kind} ${apiVersion} in Kubernetes ${context.kubernetesVersion}`;
      return options.ignoreMissingSchemas
        ? [finding(resource, '', 'schema/skipped', message, 'info')]
        : [finding(resource, '', 'schema/missing', message)];
    }
    return validateOne(resource, schema);
  });
}

function validateOne(resource: Resource, schema: KindSchema): Finding[] {
  // Built-in types are Go structs: the API server reads null as "not set". CRDs keep nulls, as the API server does.
  const valid = () => schema.validate(schema.crd ? resource.object : withoutNulls(resource.object));
  if (valid()) return [];
  const warnings = resource.yaml11Scalars ? quoteYaml11InStringFields(resource, schema.validate) : [];
  if (warnings.length && valid()) return warnings;
  return [
    ...warnings,
    ...uniqueErrors(schema.validate).map(({ path, keyword, message }) => finding(resource, path, schemaRule(keyword), message)),
  ];
}

/**
 * A YAML 1.1 boolean or octal where the schema wants a string: kubectl would
 * send the boolean or number, YAML 1.2 tools the string. The string is
 * surely what was meant: the object gets it, and a warning says how to make
 * every tool agree.
 */
function quoteYaml11InStringFields(resource: Resource, validate: CompiledValidator): Finding[] {
  const wantsString = new Set(
    (validate.errors ?? []).filter((e) => e.keyword === 'type' && [e.params.type].flat().includes('string')).map((e) => e.instancePath),
  );
  return (resource.yaml11Scalars ?? [])
    .filter((scalar) => wantsString.has(scalar.path) && replaceAt(resource.object, scalar.path, scalar.text))
    .map((scalar) =>
      finding(
        resource,
        scalar.path,
        'yaml11-scalar',
        `${scalar.text} is ${yaml11Reading(scalar.text)} for kubectl, Helm and kubeconform (YAML 1.1) but this field is a string: quote it ("${scalar.text}")`,
        'warning',
      ),
    );
}

function replaceAt(object: KubeObject, path: string, value: unknown): boolean {
  const keys = path
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  const parent = keys.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    object,
  );
  if (last === undefined || parent === null || typeof parent !== 'object') return false;
  (parent as Record<string, unknown>)[last] = value;
  return true;
}

const KEYWORD_RULES: Record<string, RuleId> = {
  additionalProperties: 'schema/additionalProperties',
  required: 'schema/required',
  type: 'schema/type',
  enum: 'schema/enum',
};

/** ajv's keyword → rule id: the four common ones have their own, every other constraint is `schema/constraint`. */
function schemaRule(keyword: string): RuleId {
  return KEYWORD_RULES[keyword] ?? 'schema/constraint';
}

/** The value without null object members; shares every part that has none (nothing is copied for the usual object). */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const cleaned = withoutNulls(item);
      if (cleaned !== item) (copy ??= value.slice())[i] = cleaned;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value as KubeObject) {
    const child = (value as KubeObject)[key];
    const cleaned = child === null ? undefined : withoutNulls(child);
    if (cleaned !== child) {
      copy ??= { ...(value as KubeObject) };
      if (cleaned === undefined) delete copy[key];
      else copy[key] = cleaned;
    }
  }
  return copy ?? value;
}

function uniqueErrors(validate: CompiledValidator): Array<{ path: string; keyword: string; message: string }> {
  const seen = new Set<string>();
  const out = [];
  for (const error of validate.errors ?? []) {
    const { keyword, params } = error;
    let path = error.instancePath;
    let message = error.message ?? keyword;
    if (keyword === 'additionalProperties') {
      path = pointer(path, params.additionalProperty);
      message = `unknown field "${params.additionalProperty}"`;
    } else if (keyword === 'required') {
      path = pointer(path, params.missingProperty);
      message = `required field "${params.missingProperty}" is missing`;
    } else if (keyword === 'enum') {
      message = `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (keyword === 'type') {
      message = `must be of type ${[params.type].flat().join(' or ')}`;
    } else if (!(keyword in KEYWORD_RULES)) {
      message = `${message} (${keyword})`;
    }
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, keyword, message });
  }
  return out;
}
