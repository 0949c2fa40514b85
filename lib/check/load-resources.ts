import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { documentLimitProblem } from '../files/document-limits';
import { withPath } from '../files/environment-error';
import { DEFAULT_MAX_INPUT_MIB, mebibytes, readInputFile, readStandardInput } from '../files/read-input';
import { KubeObject, pointer, Resource } from './types';
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
  /** Entries of a directory that were not read (FIFOs, devices, links to folders), each `path: why`. */
  readonly skipped?: string[];
}

export interface LoadOptions {
  /** Standard input, read when a path is `-`. @default bounded read of file descriptor 0 */
  readonly readStdin?: (maxBytes: number) => string;
  /** Largest file (or standard input) read, in MiB. @default DEFAULT_MAX_INPUT_MIB */
  readonly maxInputMiB?: number;
}

/**
 * Reads every manifest under `paths`: files, directories (recursively, YAML
 * and JSON files in name order) and `-` for standard input. Multi-document
 * YAML gives one resource per non-empty document; `kind: List` is unpacked,
 * as kubectl and kubeconform do. A path that cannot be read is an
 * EnvironmentError; a non-regular file inside a directory is skipped.
 */
export function loadResources(paths: readonly string[], options: LoadOptions = {}): LoadedInput {
  const maxBytes = mebibytes(options.maxInputMiB ?? DEFAULT_MAX_INPUT_MIB);
  const readStdin = options.readStdin ?? readStandardInput;
  const input: LoadedInput = { resources: [], errors: [], skipped: [] };
  for (const path of paths) {
    if (path === '-') addText(input, '-', readStdin(maxBytes));
    else for (const file of manifestFiles(path, input.skipped!)) addText(input, file, readInputFile(file, maxBytes));
  }
  return input;
}

/** Parses the text of one file (YAML stream or JSON) into `input`, as kubectl reads it (YAML 1.1 scalars, see yaml11.ts). */
export function addText(input: LoadedInput, file: string, text: string): void {
  let parsed: ReturnType<typeof loadAllAsKubectl>;
  try {
    parsed = loadAllAsKubectl(text);
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const mark = error.mark as yaml.YAMLException['mark'] | undefined;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}: ` : '';
    input.errors.push({ file, message: `${where}${error.reason}` });
    return;
  }
  const { documents, hasYaml11Scalars, withinLimits, resolve, hasNotJsonNumbers } = parsed;
  const small = smallDocuments(text, documents.length);
  documents.forEach((document, index) => {
    if (document === null || document === undefined) return;
    const refused = withinLimits ? undefined : documentLimitProblem(document);
    if (refused) {
      input.errors.push({ file, message: `document ${index + 1}: ${refused}` });
      return;
    }
    const notJson = hasNotJsonNumbers ? notJsonNumberAt(document, '') : undefined;
    if (notJson) {
      input.errors.push({ file, message: `document ${index + 1}: ${notJson}` });
      return;
    }
    if (!isObject(document)) {
      input.errors.push({ file, message: `document ${index + 1}: not a Kubernetes object` });
      return;
    }
    const items: unknown[] = document.kind === 'List' && Array.isArray(document.items) ? document.items : [document];
    items.forEach((item, i) => {
      if (!isObject(item)) {
        input.errors.push({ file, message: `document ${index + 1}: items[${i}]: not a Kubernetes object` });
        return;
      }
      const yaml11Scalars = hasYaml11Scalars ? resolve(item) : [];
      input.resources.push({
        file,
        document: index,
        object: item,
        ...(yaml11Scalars.length ? { yaml11Scalars } : {}),
        ...(small[index] ? { knownSmall: true } : {}),
      });
    });
  });
}

/** Where `value` holds a number JSON cannot (YAML's `.nan`, `.inf`), as a problem; undefined if nowhere. */
function notJsonNumberAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value))
    return `${path || '/'}: ${Number.isNaN(value) ? '.nan (not a number)' : 'an infinity (.inf)'}, which JSON cannot hold: kubectl, Helm and Argo CD refuse the whole file ("json: unsupported value"); quote it if it is text`;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, member] of Object.entries(value)) {
    const found = notJsonNumberAt(member, pointer(path, key));
    if (found) return found;
  }
  return undefined;
}

function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** The manifest files `path` names; entries of its directories that are not regular files go to `skipped`. */
function manifestFiles(path: string, skipped: string[]): string[] {
  const stat = withPath(path, () => statSync(path));
  if (!stat.isDirectory()) return [path];
  return withPath(path, () => readdirSync(path, { withFileTypes: true }))
    .sort((a, b) => byCodePoint(a.name, b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      // A link is not followed into a folder (no loops); a link to a file is read like the file.
      if (entry.isDirectory()) return manifestFiles(child, skipped);
      if (!MANIFEST_FILE.test(entry.name)) return [];
      const target = entry.isSymbolicLink() ? statOrUndefined(child) : lstatSync(child);
      if (target?.isFile()) return [child];
      skipped.push(
        `${child}: ${target === undefined ? 'a dangling symbolic link' : target.isDirectory() ? 'a symbolic link to a folder' : 'not a regular file'}; skipped`,
      );
      return [];
    });
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
