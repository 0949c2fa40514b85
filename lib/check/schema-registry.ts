import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { packagePath } from '../package-root';
import type { CrdSchema } from './cel-rules';
import { CompiledValidator, loadValidatorModule } from '../validator-modules';

/** Where `npm run build` puts kubeconform's layout, the compiled validators and their index. */
export const SCHEMA_DIR = packagePath('build', 'schemas');

/** What `-schema-location` the real kubeconform needs to read SCHEMA_DIR. */
export const KUBECONFORM_SCHEMA_LOCATION = `${SCHEMA_DIR}/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json`;

interface IndexEntry {
  /** Standalone strict JSON Schema, relative to SCHEMA_DIR. */
  readonly file: string;
  /** Generated module under SCHEMA_DIR/validators and the validator it exports. */
  readonly module: string;
  readonly validator: string;
  /** Defined by a CustomResourceDefinition (vendored from ../shared/crds). */
  readonly crd: boolean;
}

type SchemaIndex = Record<string, Record<string, IndexEntry>>;

let index: SchemaIndex | undefined;

function schemaIndex(): SchemaIndex {
  if (index) return index;
  const file = `${SCHEMA_DIR}/index.json`;
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  index = JSON.parse(readFileSync(file, 'utf8')) as SchemaIndex;
  return index;
}

const versionIndexes = new Map<string, Record<string, IndexEntry>>();

/**
 * The index of one version: its part of index.json, from a file of its own
 * (a tenth of the whole to parse) unless the whole is read already.
 */
function versionIndex(kubernetesVersion: string): Record<string, IndexEntry> | undefined {
  if (!index && /^[0-9]+\.[0-9]+$/.test(kubernetesVersion)) {
    const file = `${SCHEMA_DIR}/index-${kubernetesVersion}.json`;
    if (!versionIndexes.has(kubernetesVersion) && existsSync(file)) {
      versionIndexes.set(kubernetesVersion, JSON.parse(readFileSync(file, 'utf8')) as Record<string, IndexEntry>);
    }
    const part = versionIndexes.get(kubernetesVersion);
    if (part) return part;
  }
  return schemaIndex()[kubernetesVersion];
}

const VERSION_INDEX_FILE = /^index-([0-9]+)\.([0-9]+)\.json$/;

/** The Kubernetes minor versions schemas exist for, e.g. `1.28` … `1.35`: each has an index file of its own. */
export function supportedVersions(): string[] {
  const versions = existsSync(SCHEMA_DIR)
    ? readdirSync(SCHEMA_DIR)
        .map((file) => VERSION_INDEX_FILE.exec(file))
        .filter((match) => match !== null)
        .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
        .map((match) => `${match[1]}.${match[2]}`)
    : [];
  return versions.length > 0 ? versions : Object.keys(schemaIndex());
}

export interface KindSchema {
  readonly file: string;
  readonly validate: CompiledValidator;
  readonly crd: boolean;
  /** A schema from `--schema-location`, whose CEL rules (`x-kubernetes-validations`) are evaluated too. */
  readonly celSchema?: CrdSchema;
}

/** The standalone JSON Schema file of `apiVersion` + `kind` (kubeconform's layout), without compiling its validator. */
export function standaloneSchemaFile(
  kubernetesVersion: string,
  apiVersion: string,
  kind: string,
): { file: string; crd: boolean } | undefined {
  const entry = versionIndex(kubernetesVersion)?.[`${apiVersion}/${kind}`];
  return entry && { file: `${SCHEMA_DIR}/${entry.file}`, crd: entry.crd };
}

/** The schema of `apiVersion` + `kind` in a Kubernetes version, or undefined when there is none. */
export function schemaFor(kubernetesVersion: string, apiVersion: string, kind: string): KindSchema | undefined {
  const entry = versionIndex(kubernetesVersion)?.[`${apiVersion}/${kind}`];
  if (!entry) return undefined;
  const validate = loadValidatorModule(`${SCHEMA_DIR}/validators/${entry.module}`)[entry.validator];
  return { file: `${SCHEMA_DIR}/${entry.file}`, validate, crd: entry.crd };
}
