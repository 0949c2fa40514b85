import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { UsageError } from '../cli/exit-codes';
import { KubeObject, Resource } from './types';
import { byCodePoint } from './strings';
import { loadAllAsKubectl } from './yaml11';
import { KNOWN_SMALL_TEXT } from './api-server/object-size';

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

/** Parses the text of one file (YAML stream or JSON) into `input`, as kubectl reads it (YAML 1.1 scalars, see yaml11.ts). */
export function addText(input: LoadedInput, file: string, text: string): void {
  let parsed: ReturnType<typeof loadAllAsKubectl>;
  try {
    parsed = loadAllAsKubectl(text);
  } catch (error) {
    const mark = (error as yaml.YAMLException).mark;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}: ` : '';
    input.errors.push({ file, message: `${where}${(error as yaml.YAMLException).reason ?? String(error)}` });
    return;
  }
  const { documents, hasYaml11Scalars, resolve } = parsed;
  const small = smallDocuments(text, documents.length);
  documents.forEach((document, index) => {
    if (document === null || document === undefined) return;
    if (typeof document !== 'object' || Array.isArray(document)) {
      input.errors.push({ file, message: `document ${index + 1}: not a Kubernetes object` });
      return;
    }
    const object = document as KubeObject;
    const items: unknown[] = object.kind === 'List' && Array.isArray(object.items) ? object.items : [object];
    for (const item of items) {
      const yaml11Scalars = hasYaml11Scalars ? resolve(item) : [];
      input.resources.push({
        file,
        document: index,
        object: item as KubeObject,
        ...(yaml11Scalars.length ? { yaml11Scalars } : {}),
        ...(small[index] ? { knownSmall: true } : {}),
      });
    }
  });
}

/**
 * Which documents are certainly far below the API server's object size
 * limit, judged from their text (JSON is at most a few times longer than the
 * YAML it was read from, unless aliases repeat anchored nodes), so the size
 * rule serializes only the others.
 */
function smallDocuments(text: string, count: number): boolean[] {
  if (text.length <= KNOWN_SMALL_TEXT && !text.includes('&')) return new Array<boolean>(count).fill(true);
  const starts = [0];
  for (const separator of text.matchAll(DOCUMENT_START)) starts.push(separator.index);
  if (starts.length === count + 1) starts.shift(); // what precedes the first `---`: blank lines, comments
  if (starts.length !== count) return [];
  let ampersand = text.indexOf('&');
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (ampersand >= 0 && ampersand < start) ampersand = text.indexOf('&', start);
    if (end - start > KNOWN_SMALL_TEXT) return false;
    return ampersand < 0 || ampersand >= end || !ANCHOR.test(text.slice(start, end));
  });
}

const DOCUMENT_START = /^---(?=[ \t\r]|$)/gm;

/** A YAML anchor (`&name`), which aliases may repeat any number of times. */
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;

function manifestFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => byCodePoint(a.name, b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return MANIFEST_FILE.test(entry.name) ? [child] : [];
    });
}
