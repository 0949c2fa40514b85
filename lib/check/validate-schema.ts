import { schemaFor } from './schema-registry';
import { CompiledValidator } from '../validator-modules';
import { CheckContext, Finding, finding, KubeObject, pointer, Resource } from './types';

/** kustomize's own files travel with manifests but are build instructions, never sent to the API server. */
const NOT_API_OBJECTS = new Set(['kustomize.config.k8s.io/v1beta1/Kustomization', 'kustomize.config.k8s.io/v1alpha1/Component']);

export interface SchemaOptions {
  /** Objects of kinds without a schema are skipped instead of invalid (kubeconform's `-ignore-missing-schemas`). */
  readonly ignoreMissingSchemas?: boolean;
}

/**
 * Step 1: every object against the strict schema of its kind in the checked
 * Kubernetes version, exactly the schemas kubeconform is given. Objects that
 * are not API objects, or have no schema under `ignoreMissingSchemas`, get an
 * `info` finding `schema/skipped`; later steps leave them alone.
 */
export function validateSchemas(context: CheckContext, options: SchemaOptions = {}): Finding[] {
  return context.resources.flatMap((resource) => validateOne(resource, context.kubernetesVersion, options));
}

function validateOne(resource: Resource, version: string, options: SchemaOptions): Finding[] {
  const { apiVersion, kind } = resource.object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
    return [finding(resource, '', 'schema/kind', 'an object needs apiVersion and kind (strings)')];
  }
  if (NOT_API_OBJECTS.has(`${apiVersion}/${kind}`)) {
    return [finding(resource, '', 'schema/skipped', `${kind} is a kustomize file, not an API object`, 'info')];
  }
  const schema = schemaFor(version, apiVersion, kind);
  if (!schema) {
    const message = `no schema for ${kind} ${apiVersion} in Kubernetes ${version}`;
    return options.ignoreMissingSchemas
      ? [finding(resource, '', 'schema/skipped', message, 'info')]
      : [finding(resource, '', 'schema/missing', message)];
  }
  // Built-in types are Go structs: the API server reads null as "not set". CRDs keep nulls, as the API server does.
  const data = schema.crd ? resource.object : withoutNulls(resource.object);
  if (schema.validate(data)) return [];
  return uniqueErrors(schema.validate).map(({ path, keyword, message }) => finding(resource, path, `schema/${keyword}`, message));
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as KubeObject)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
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
    }
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, keyword, message });
  }
  return out;
}
