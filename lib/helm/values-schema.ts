import { ChartValue, JsonSchema } from './values';
import { ValuesTree, valuesTree } from './chart-files';
import { ChartSetting } from './chart-settings';
import { checkName } from './value-checks';

/** Keywords of the config schema that only ajv reads, or that the chart's values.yaml replaces. */
const CONFIG_ONLY_KEYWORDS = new Set(['errorMessage', 'default']);

function helmSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(helmSchema);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([keyword]) => !CONFIG_ONLY_KEYWORDS.has(keyword))
      .map(([keyword, sub]) => [keyword, helmSchema(sub)]),
  );
}

/**
 * `definitions` of values.schema.json: each schema is written once and
 * referenced (`$ref`) wherever it applies. A field's schema is named after its
 * config path without list indexes (`buckets.mount.path`), an item of a list
 * after the list (`buckets-item`; `buckets-item-2` for items with another set
 * of fields), so the schema grows by one `$ref` per bucket, team or
 * application rather than by their whole schemas.
 */
class Definitions {
  readonly schemas: Record<string, unknown> = {};
  private readonly names = new Map<string, string>();
  /** The JSON text of each schema object seen: a field's schema object is shared by all its values. */
  private readonly texts = new WeakMap<object, string>();

  ref(name: string, schema: object): JsonSchema {
    let text = this.texts.get(schema);
    if (text === undefined) this.texts.set(schema, (text = JSON.stringify(schema)));
    const key = `${name}\n${text}`;
    let defined = this.names.get(key);
    if (defined === undefined) {
      defined = name;
      for (let n = 2; defined in this.schemas; n++) defined = `${name}-${n}`;
      this.schemas[defined] = schema;
      this.names.set(key, defined);
    }
    return { $ref: `#/definitions/${defined}` };
  }
}

/**
 * Fields whose values may also be written as integers (`--set …metadataTtl=300`,
 * `metadataTtl: 300` in a values file): the templates print them as digits.
 */
const INTEGER_OR_STRING_FIELDS = new Set(['buckets.mount.metadataTtl']);

/** Per config schema of a field, and the field: its schema in values.schema.json, made once. */
const valueSchemas = new WeakMap<JsonSchema, Map<string, object>>();

function valueSchema(value: ChartValue): object {
  const field = checkName(value);
  if (!valueSchemas.has(value.schema)) valueSchemas.set(value.schema, new Map());
  const known = valueSchemas.get(value.schema) as Map<string, object>;
  let schema = known.get(field);
  if (schema === undefined) {
    schema = helmSchema(value.schema) as Record<string, unknown>;
    if (INTEGER_OR_STRING_FIELDS.has(field)) schema = { ...schema, type: ['string', 'integer'], minimum: 0 };
    known.set(field, schema);
  }
  return schema;
}

/** The config path of a value up to `depth` steps, without list indexes: `buckets.mount.path`. */
function fieldName(value: ChartValue, depth: number): string {
  return value.location
    .slice(0, depth)
    .filter((step) => typeof step === 'string')
    .join('.');
}

function firstValue(tree: ValuesTree): ChartValue {
  const node = tree.values().next().value as ValuesTree | ChartValue;
  return node instanceof Map ? firstValue(node) : node;
}

/** values.schema.json: every value with the config schema of its field; no other key is allowed. */
export function valuesSchemaJson(chartName: string, values: readonly ChartValue[], settings: readonly ChartSetting[]): string {
  const definitions = new Definitions();
  const objectSchema = (tree: ValuesTree, depth: number): JsonSchema => ({
    type: 'object',
    additionalProperties: false,
    required: [...tree.keys()],
    properties: Object.fromEntries([...tree].map(([key, node]) => [key, propertySchema(node, depth + 1)])),
  });
  const propertySchema = (node: ValuesTree | ChartValue, depth: number): JsonSchema => {
    if (!(node instanceof Map)) return definitions.ref(fieldName(node, depth), valueSchema(node));
    const value = firstValue(node);
    // Keys and config locations run in step; a number there is a list item, keyed by its name in the values.
    if (typeof value.location[depth - 1] === 'number') return definitions.ref(`${fieldName(value, depth)}-item`, objectSchema(node, depth));
    return objectSchema(node, depth);
  };
  const root = objectSchema(valuesTree(values), 0);
  for (const setting of settings) {
    // Settings are optional: a parent object they create requires nothing.
    type Draft = { properties: Record<string, unknown> };
    const parent = setting.key.slice(0, -1).reduce((node, key) => {
      node.properties[key] ??= { type: 'object', additionalProperties: false, properties: {} };
      return node.properties[key] as Draft;
    }, root as Draft);
    parent.properties[setting.key[setting.key.length - 1]] = {
      ...(helmSchema(setting.schema) as object),
      description: setting.description,
    };
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${chartName} values`,
    ...root,
    definitions: definitions.schemas,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
