import { readFileSync } from 'node:fs';
import { standaloneSchemaFile } from '../schema-registry';
import { Finding, finding, pointer, Resource } from '../types';

/** The ranges of the integer formats of Kubernetes' OpenAPI schemas: the Go types the fields are decoded into. */
const RANGES: Record<string, { readonly min: number; readonly max: number; readonly text: string }> = {
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1, text: '-2147483648 to 2147483647' },
  // 2^63 - 1 has no exact double: a number JSON spells as int64's largest reads as 2^63.
  int64: { min: -(2 ** 63), max: 2 ** 63, text: '-9223372036854775808 to 9223372036854775807' },
};

interface SchemaNode {
  readonly $ref?: string;
  readonly format?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly allOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly definitions?: Record<string, SchemaNode>;
}

/** The int-or-string type of the built-in schemas: `{type: [string, integer]}`, without a format. */
const INT_OR_STRING_REF = '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * An integer wider than its field's `format: int32` (or int64). The API
 * server decodes a built-in object into Go structs and refuses it ("cannot
 * unmarshal number … of type int32"); a custom resource it stores without a
 * range check (kube-openapi validates formats of strings only), but the
 * controller that decodes the kind into its Go types (the Spark operator,
 * Karpenter) then cannot read it, nor the list it is in. kubeconform ignores
 * both formats. Almost every object has no integer beyond int32: only then
 * is the kind's schema read.
 */
export function checkIntegerFormats(resource: Resource, kubernetesVersion: string): Finding[] {
  const { object } = resource;
  if (!hasWideInteger(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return [];
  const schema = standaloneSchemaFile(kubernetesVersion, object.apiVersion, object.kind);
  if (!schema) return [];
  const root = schemaOf(schema.file);
  const found: Finding[] = [];
  const effect = schema.crd
    ? `the API server stores it (it does not range-check custom resources), but the ${object.kind} controller, decoding it into Go types, cannot read it`
    : 'the API server refuses the object';
  walk(object, root, '', (path, value, format) => {
    found.push(finding(resource, path, 'integer-range', `${value} does not fit the field's ${format} (${RANGES[format].text}): ${effect}`));
  });
  return found;

  function walk(
    data: unknown,
    node: SchemaNode | undefined,
    at: string,
    report: (path: string, value: number, format: string) => void,
  ): void {
    if (node === undefined) return;
    const resolved = node.$ref ? root.definitions?.[node.$ref.replace('#/definitions/', '')] : node;
    if (resolved === undefined) return;
    for (const branch of [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) walk(data, branch, at, report);
    if (typeof data === 'number') {
      // An int-or-string (maxSurge, targetPort) is Go's intstr.IntOrString, whose number is an int32.
      const format = resolved.format ?? (node.$ref === INT_OR_STRING_REF ? 'int32' : undefined);
      const range = format === undefined ? undefined : RANGES[format];
      if (range && Number.isInteger(data) && (data < range.min || data > range.max)) report(at, data, format!);
    } else if (Array.isArray(data)) {
      data.forEach((item, i) => walk(item, resolved.items, pointer(at, i), report));
    } else if (typeof data === 'object' && data !== null) {
      const others = typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined;
      for (const [key, value] of Object.entries(data)) walk(value, resolved.properties?.[key] ?? others, pointer(at, key), report);
    }
  }
}

/** Read once per file: many objects of one kind may hold wide integers. */
const SCHEMAS = new Map<string, SchemaNode>();

function schemaOf(file: string): SchemaNode {
  let schema = SCHEMAS.get(file);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(file, 'utf8')) as SchemaNode;
    SCHEMAS.set(file, schema);
  }
  return schema;
}

/** Whether any number in `value` is an integer outside int32: the only ones a format can refuse. */
function hasWideInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && (value < RANGES.int32.min || value > RANGES.int32.max);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasWideInteger);
  for (const key in value) if (hasWideInteger((value as Record<string, unknown>)[key])) return true;
  return false;
}
