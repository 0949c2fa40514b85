import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors';
import type { CrdSchema } from './cel-rules';
import { KindSchema, schemaFor } from './schema-registry';
import { CompiledValidator } from '../validator-modules';

/** The variables kubeconform fills into a `-schema-location` template. */
const TEMPLATE_VARIABLES = [
  'NormalizedKubernetesVersion',
  'StrictSuffix',
  'ResourceKind',
  'ResourceAPIVersion',
  'Group',
  'KindSuffix',
] as const;
type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const VARIABLE = /\{\{-?\s*\.(\w+)\s*-?\}\}/g;

/** kubeconform appends this to a location that does not end in `json` (a directory in its layout). */
const KUBECONFORM_LAYOUT = '/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';

/** `default`: the schemas vendored with this tool (kubeconform's default location, offline). */
export const DEFAULT_LOCATION = 'default';

/**
 * Where schemas come from, in kubeconform's `-schema-location` manner: local
 * path templates tried in order, the first existing file wins; `default`
 * stands for the vendored schemas, which are also tried last when it is not
 * named (kubeconform would then know no built-in kind; here they are always
 * known). Schemas are read as strict (`StrictSuffix` is `-strict`).
 */
export class SchemaLocations {
  private readonly templates: readonly string[];
  private readonly compiled = new Map<string, KindSchema | undefined>();

  /** `exactVersion`: the patch version the user named (`1.30.2`), for `NormalizedKubernetesVersion`. */
  constructor(
    locations: readonly string[],
    private readonly exactVersion?: string,
  ) {
    for (const location of locations) validateLocation(location);
    const templates = locations.map((l) =>
      l === DEFAULT_LOCATION || l.endsWith('json') ? l : `${l.replace(/\/+$/, '')}${KUBECONFORM_LAYOUT}`,
    );
    this.templates = templates.includes(DEFAULT_LOCATION) ? templates : [...templates, DEFAULT_LOCATION];
  }

  /** The schema of `apiVersion` + `kind` for a Kubernetes minor version, or undefined. */
  find(kubernetesVersion: string, apiVersion: string, kind: string): KindSchema | undefined {
    for (const template of this.templates) {
      if (template === DEFAULT_LOCATION) {
        const builtIn = schemaFor(kubernetesVersion, apiVersion, kind);
        if (builtIn) return builtIn;
        continue;
      }
      const file = fillTemplate(template, this.variables(kubernetesVersion, apiVersion, kind));
      const schema = this.load(file);
      if (schema) return schema;
    }
    return undefined;
  }

  private variables(kubernetesVersion: string, apiVersion: string, kind: string): Record<TemplateVariable, string> {
    const exact = this.exactVersion?.startsWith(`${kubernetesVersion}.`) ? this.exactVersion : `${kubernetesVersion}.0`;
    return {
      ...apiVersionVariables(apiVersion),
      NormalizedKubernetesVersion: `v${exact}`,
      StrictSuffix: '-strict',
      ResourceKind: kind.toLowerCase(),
    };
  }

  private load(file: string): KindSchema | undefined {
    if (this.compiled.has(file)) return this.compiled.get(file);
    const schema = existsSync(file) ? compileSchemaFile(file) : undefined;
    this.compiled.set(file, schema);
    return schema;
  }
}

/** kubeconform's reading of an apiVersion: `apps/v1` → Group `apps`, ResourceAPIVersion `v1`, KindSuffix `-apps-v1`; `v1` → `v1`, `v1`, `-v1`. */
export function apiVersionVariables(
  apiVersion: string,
): Pick<Record<TemplateVariable, string>, 'Group' | 'ResourceAPIVersion' | 'KindSuffix'> {
  const parts = apiVersion.split('/');
  const group = parts[0];
  const version = parts[parts.length - 1];
  const kindSuffix = `-${group.split('.')[0].toLowerCase()}${parts.length > 1 ? `-${parts[1].toLowerCase()}` : ''}`;
  return { Group: group, ResourceAPIVersion: version, KindSuffix: kindSuffix };
}

export function fillTemplate(template: string, variables: Record<TemplateVariable, string>): string {
  return template.replace(VARIABLE, (_, name: string) => variables[name as TemplateVariable]);
}

function validateLocation(location: string): void {
  if (location === DEFAULT_LOCATION) return;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new UsageError(
      `--schema-location ${location}: only local paths (check runs offline); download the schemas and name their directory`,
    );
  }
  for (const [, name] of location.matchAll(VARIABLE)) {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new UsageError(
        `--schema-location ${location}: unknown template variable {{ .${name} }} (known: ${TEMPLATE_VARIABLES.join(', ')})`,
      );
    }
  }
  const unparsed = location.replace(VARIABLE, '');
  if (unparsed.includes('{{')) throw new UsageError(`--schema-location ${location}: a template is {{ .Variable }}`);
}

let ajv: import('ajv').default | undefined;

/** A JSON Schema file given by the user, compiled here (the vendored ones are compiled at build time). */
function compileSchemaFile(file: string): KindSchema {
  let schema: CrdSchema;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8')) as CrdSchema;
  } catch (error) {
    throw new UsageError(`schema ${file}: not JSON (${(error as Error).message})`);
  }
  if (!ajv) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false });
  }
  let validate: CompiledValidator;
  try {
    const copy = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    delete copy.$schema;
    delete copy.$id;
    validate = ajv.compile(copy) as CompiledValidator;
  } catch (error) {
    throw new UsageError(`schema ${file}: cannot be compiled (${(error as Error).message.split('\n')[0]})`);
  }
  return { file, validate, crd: true, celSchema: schema };
}
