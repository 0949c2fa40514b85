/**
 * docs/config.md, derived from the config's JSON Schema so the reference can
 * never drift from what validation accepts: one table row per field, with
 * its path (`buckets[].mount.path`), type, default, description and what
 * values it allows.
 */

/** The parts of a JSON Schema node the reference reads. */
interface SchemaNode {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly description?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly allOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly errorMessage?: string | Readonly<Record<string, string>>;
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly description: string;
  readonly allowed: string;
}

export const CONFIG_REFERENCE_PATH = 'docs/config.md';

export function renderConfigReference(schema: object): string {
  const root = schema as SchemaNode;
  const rows = fieldRows(root, '');
  const lines = [
    '# Config reference',
    '',
    '<!-- Generated from lib/config/schema.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every field of the config file, as the JSON Schema in `lib/config/schema.ts` defines it.',
    '`[]` marks the items of a list. Unknown keys are errors. Defaults are filled in before',
    'the rules that the schema cannot express run (see the README).',
    '',
    '| field | type | default | description | allowed values |',
    '|---|---|---|---|---|',
    ...rows.map((row) =>
      [
        `\`${row.path}\`${row.required ? ' (required)' : ''}`,
        row.type,
        row.default,
        row.description,
        row.allowed,
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
  ];
  return lines.join('\n');
}

function fieldRows(node: SchemaNode, path: string): Row[] {
  const rows: Row[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${name}` : name;
    rows.push({
      path: childPath,
      type: typeOf(child),
      required: (node.required ?? []).includes(name),
      default: child.default === undefined ? '' : code(JSON.stringify(child.default)),
      description: child.description ?? '',
      allowed: allowedValues(child),
    });
    rows.push(...fieldRows(child, childPath));
    if (child.items) rows.push(...fieldRows(child.items, `${childPath}[]`));
  }
  return rows;
}

function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return 'constant';
  if (node.enum) return 'enum';
  if (node.type === 'array') return node.items ? `list of ${typeOf(node.items)}` : 'list';
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  return node.type ?? 'any';
}

/** What a value may be: the enum or constant, else the validator's own sentence, else the raw constraints. */
function allowedValues(node: SchemaNode): string {
  if (node.const !== undefined) return code(String(node.const));
  if (node.enum) return node.enum.map((value) => code(String(value))).join(', ');
  if (node.type === 'array') {
    const count = node.minItems ? `at least ${node.minItems}` : '';
    return [count, node.items ? allowedValues(node.items) : ''].filter(Boolean).join('; ');
  }
  const sentences = [node, ...(node.allOf ?? [])].flatMap(errorSentences);
  if (sentences.length > 0) return [...new Set(sentences)].join('; ');
  const limits = [
    node.pattern ? `pattern ${code(node.pattern)}` : '',
    node.minimum !== undefined ? `≥ ${node.minimum}` : '',
    node.maximum !== undefined ? `≤ ${node.maximum}` : '',
    node.minLength !== undefined && node.minLength > 1 ? `at least ${node.minLength} characters` : '',
    node.maxLength !== undefined ? `at most ${node.maxLength} characters` : '',
  ];
  return limits.filter(Boolean).join(', ');
}

function errorSentences(node: SchemaNode): string[] {
  const { errorMessage } = node;
  if (errorMessage === undefined) return [];
  if (typeof errorMessage === 'string') return [errorMessage];
  return Object.values(errorMessage);
}

function code(text: string): string {
  return `\`${text}\``;
}

/** A table cell: pipes escaped (also inside code spans, as GitHub requires), no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
