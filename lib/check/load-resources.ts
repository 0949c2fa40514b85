import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { UsageError } from '../errors';
import { KubeObject, Resource } from './types';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** A document that could not be parsed: reported like a failed check, at its file. */
export interface LoadError {
  readonly file: string;
  readonly message: string;
}

export interface LoadedInput {
  readonly resources: Resource[];
  readonly errors: LoadError[];
}

/**
 * Reads every manifest under `paths`: files, directories (recursively, YAML
 * and JSON files in name order) and `-` for standard input. Multi-document
 * YAML gives one resource per non-empty document; `kind: List` is unpacked,
 * as kubectl and kubeconform do.
 */
export function loadResources(paths: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): LoadedInput {
  const input: LoadedInput = { resources: [], errors: [] };
  for (const path of paths) {
    if (path === '-') addText(input, '-', readStdin());
    else for (const file of manifestFiles(path)) addText(input, file, readFileSync(file, 'utf8'));
  }
  return input;
}

/** Parses the text of one file (YAML stream or JSON) into `input`. */
export function addText(input: LoadedInput, file: string, text: string): void {
  let documents: unknown[];
  try {
    // YAML 1.2 core types, as Kubernetes reads YAML: a date stays a string (js-yaml's default would make it a Date). Also faster.
    documents = yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const mark = (error as yaml.YAMLException).mark;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}: ` : '';
    input.errors.push({ file, message: `${where}${(error as yaml.YAMLException).reason ?? String(error)}` });
    return;
  }
  documents.forEach((document, index) => {
    if (document === null || document === undefined) return;
    if (typeof document !== 'object' || Array.isArray(document)) {
      input.errors.push({ file, message: `document ${index + 1}: not a Kubernetes object` });
      return;
    }
    const object = document as KubeObject;
    if (object.kind === 'List' && Array.isArray(object.items)) {
      for (const item of object.items as KubeObject[]) input.resources.push({ file, document: index, object: item });
    } else input.resources.push({ file, document: index, object });
  });
}

function manifestFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return MANIFEST_FILE.test(entry.name) ? [child] : [];
    });
}
