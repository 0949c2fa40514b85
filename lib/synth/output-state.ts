import { hash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, Stats, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { EnvironmentError, withPath } from '../files/environment-error';
import { unlessGone } from '../files/unless-gone';

/**
 * synth's own bookkeeping inside DIR: `manifest.json` lists every file synth
 * wrote there with its sha256 (what makes DIR "ours"), and during a write
 * `lock`, `staging/` and `journal.json`. The manifest is deterministic, so
 * committing DIR to git commits it too.
 */
export const STATE_DIR = '.mountpoint-s3-spark';
export const MANIFEST_FILE = 'manifest.json';
export const JOURNAL_FILE = 'journal.json';
export const STAGING_DIR = 'staging';

/** Files synth wrote, by `/`-separated path relative to DIR, with their sha256 (hex). */
export type OwnedFiles = Map<string, string>;

export interface OutputManifest {
  readonly writtenBy: 'mountpoint-s3-spark';
  readonly files: Record<string, string>;
}

/**
 * A write in progress, recorded before the first file of DIR changes: the
 * new manifest, the files to move from staging/ (staging/N for `write[N]`)
 * and the files of the old output to delete. Replaying it is idempotent.
 */
export interface Journal {
  readonly files: Record<string, string>;
  readonly write: readonly string[];
  readonly remove: readonly string[];
}

export function sha256(content: string | Buffer): string {
  return hash('sha256', content, 'hex');
}

export function manifestText(files: OwnedFiles): string {
  const manifest: OutputManifest = {
    writtenBy: 'mountpoint-s3-spark',
    files: Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * What --out names: synth writes only into a folder that is absent, empty
 * or `ours` (it holds STATE_DIR: an earlier output), never into a `foreign`
 * one, so a typo'd --out never touches a repository or a home folder. A
 * file or a dangling link is an EnvironmentError.
 */
export type OutputDir = 'absent' | 'empty' | 'ours' | 'foreign';

export function inspectOutputDir(dir: string): OutputDir {
  const stat = statOrUndefined(dir, true);
  if (stat === undefined) {
    if (statOrUndefined(dir, false)?.isSymbolicLink())
      throw new EnvironmentError(dir, 'a dangling symbolic link; point it at a folder or remove it');
    return 'absent';
  }
  if (!stat.isDirectory()) throw new EnvironmentError(dir, 'is a file, not a folder; --out names the folder synth writes into');
  const entries = withPath(dir, () => readdirSync(dir));
  if (entries.includes(STATE_DIR) && lstatSync(join(dir, STATE_DIR)).isDirectory()) return 'ours';
  return entries.length === 0 ? 'empty' : 'foreign';
}

export function foreignDirError(dir: string): EnvironmentError {
  return new EnvironmentError(
    dir,
    `not empty and not written by mountpoint-s3-spark (no ${STATE_DIR}/ in it); synth writes only into a new or empty folder or its own earlier output, so give a sub-folder such as ${posix.join(dir, 'dist')}`,
  );
}

/** Files synth wrote into `dir`: its manifest, plus the new files of an interrupted write's journal. */
export function ownedFiles(dir: string): OwnedFiles {
  const state = join(dir, STATE_DIR);
  const manifest = readJson<OutputManifest>(join(state, MANIFEST_FILE));
  const journal = readJournal(dir);
  const owned: OwnedFiles = new Map([...Object.entries(manifest?.files ?? {}), ...Object.entries(journal?.files ?? {})]);
  checkListedPaths(join(state, MANIFEST_FILE), owned.keys());
  return owned;
}

export function readJournal(dir: string): Journal | undefined {
  const file = join(dir, STATE_DIR, JOURNAL_FILE);
  const journal = readJson<Journal>(file);
  if (journal) checkListedPaths(file, [...Object.keys(journal.files ?? {}), ...(journal.write ?? []), ...(journal.remove ?? [])]);
  return journal;
}

/** A hand-edited or damaged list must not make synth replace or delete anything outside DIR. */
function checkListedPaths(file: string, paths: Iterable<string>): void {
  for (const path of paths) {
    if (!isOutputPath(path))
      throw new EnvironmentError(
        file,
        `lists ${JSON.stringify(path)}, which is not a path inside the output folder; restore the file from version control`,
      );
  }
}

function readJson<T>(file: string): T | undefined {
  const text = unlessGone(() => readFileSync(file, 'utf8'));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new EnvironmentError(file, 'damaged (not JSON); restore it from version control or delete the folder');
  }
}

/**
 * What is at `path` under `dir`, never following a symbolic link; `blocked`
 * when a folder above it is a link or not a folder (writing there would
 * write through the link).
 */
export type Entry = 'absent' | 'file' | 'directory' | 'symlink' | 'other' | 'blocked';

export function entryAt(dir: string, path: string, folders?: CheckedFolders): Entry {
  const above = foldersAbove(dir, path, folders);
  if (above !== 'folders') return above;
  // Without an exception when absent: a first write looks up every one of its files (10,000 teams: 10,000 files).
  const stat = lstatSync(join(dir, path), { throwIfNoEntry: false });
  if (stat === undefined) return 'absent';
  return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
}

/**
 * Whether every folder above `path` in `dir` is a real folder (`folders`), one of them is absent, or one is a
 * link or not a folder (`blocked`), never following a link.
 */
export function foldersAbove(dir: string, path: string, folders?: CheckedFolders): 'folders' | 'absent' | 'blocked' {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const relative = parts.slice(0, i).join('/');
    if (folders?.has(relative)) continue;
    const stat = lstatSync(join(dir, relative), { throwIfNoEntry: false });
    if (stat === undefined) return 'absent';
    if (!stat.isDirectory()) return 'blocked';
    folders?.add(relative);
  }
  return 'folders';
}

/**
 * Folders of DIR (relative paths) that one pass over its files (a plan, a
 * replay) has found to be real folders, not links: entryAt looks at each
 * once per pass instead of once per file in it (10,000 files: 40,000 lstat calls).
 */
export type CheckedFolders = Set<string>;

function statOrUndefined(path: string, follow: boolean): Stats | undefined {
  return unlessGone(() => (follow ? statSync(path) : lstatSync(path)));
}

/** Files under `dir` synth did not write (not owned, not about to be written), without following links. */
export function foreignFiles(dir: string, ours: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    // Listed after the write released its lock: a folder another synth removed meanwhile holds nothing foreign.
    for (const entry of unlessGone(() => readdirSync(relative ? join(dir, relative) : dir, { withFileTypes: true })) ?? []) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (path === STATE_DIR) continue;
      if (entry.isDirectory()) walk(path);
      else if (!ours.has(path)) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

/** A relative, normalized path inside DIR and outside STATE_DIR. */
function isOutputPath(path: unknown): boolean {
  return (
    typeof path === 'string' &&
    path !== '' &&
    posix.normalize(path) === path &&
    !path.startsWith('/') &&
    path !== '..' &&
    !path.startsWith('../') &&
    path.split('/')[0] !== STATE_DIR &&
    !path.includes('\0')
  );
}

/** A rendered path outside DIR is a bug in a renderer. */
export function assertOutputPath(path: string): void {
  if (!isOutputPath(path)) throw new Error(`refusing to write outside the output folder: ${JSON.stringify(path)}`);
}
