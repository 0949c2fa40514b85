import { readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { createFolders } from '../files/create-folders';
import { unlessGone } from '../files/unless-gone';
import { EnvironmentError, withPath } from '../files/environment-error';
import { faultPoint } from './fault-point';
import { acquireLock, removeDeadLockFiles } from './output-lock';
import {
  assertOutputPath,
  CheckedFolders,
  entryAt,
  foreignDirError,
  foldersAbove,
  foreignFiles,
  inspectOutputDir,
  Journal,
  JOURNAL_FILE,
  MANIFEST_FILE,
  manifestText,
  ownedFiles,
  readJournal,
  sha256,
  STAGING_DIR,
  STATE_DIR,
} from './output-state';
import { RenderedFiles } from '../rendered-files';

export interface WriteResult {
  /** Files in DIR that synth did not write and left alone, sorted. */
  readonly foreign: readonly string[];
}

/**
 * Makes the files synth owns in `outDir` exactly `files`, leaving every
 * other file alone. `outDir` must be absent, empty or an earlier output
 * (see inspectOutputDir). The new contents are staged inside DIR and a
 * journal is committed before the first file of DIR changes; then each file
 * is renamed into place (atomic per file) and obsolete files are deleted.
 * A crash before the commit leaves the old output; after it, the next synth
 * replays the journal. DIR itself is never renamed, so it may be a mount
 * point and keeps files that are not synth's.
 */
export function writeOutput(outDir: string, files: RenderedFiles): WriteResult {
  for (const path of files.keys()) assertOutputPath(path);
  const found = inspectOutputDir(outDir);
  if (found === 'foreign') throw foreignDirError(outDir);
  const state = join(outDir, STATE_DIR);
  try {
    withPath(outDir, () => {
      if (createFolders(outDir)) faultPoint('create-dir');
      if (createFolders(state)) faultPoint('create-state');
      const release = acquireLock(state, outDir);
      try {
        recover(outDir);
        const journal = plan(outDir, files);
        commit(outDir, journal, files);
        replay(outDir, journal);
      } finally {
        release();
      }
    });
  } catch (error) {
    // A first write that failed leaves no empty folders of its own behind.
    if (found !== 'ours') removeIfEmpty(state);
    if (found === 'absent') removeIfEmpty(outDir);
    throw error;
  }
  return { foreign: foreignFiles(outDir, new Set(files.keys())) };
}

/** Finishes a write that was interrupted after its commit, or drops one interrupted before it. */
function recover(dir: string): void {
  const state = join(dir, STATE_DIR);
  const entries = readdirSync(state);
  removeDeadLockFiles(state, entries);
  for (const temporary of [`${JOURNAL_FILE}.tmp`, `${MANIFEST_FILE}.tmp`]) {
    if (entries.includes(temporary)) {
      unlinkSync(join(state, temporary));
      faultPoint('recover-temporary');
    }
  }
  const journal = readJournal(dir);
  if (journal) replay(dir, journal);
  else if (entries.includes(STAGING_DIR)) {
    rmSync(join(state, STAGING_DIR), { recursive: true, force: true });
    faultPoint('recover-staging');
  }
}

/** What to write and delete; refuses to replace anything synth did not write or to write through a link. */
function plan(dir: string, files: RenderedFiles): Journal {
  const owned = ownedFiles(dir);
  const digests = new Map([...files].map(([path, content]) => [path, sha256(content)]));
  const write: string[] = [];
  const folders: CheckedFolders = new Set();
  for (const path of [...files.keys()].sort()) {
    const entry = entryAt(dir, path, folders);
    const where = join(dir, path);
    if (entry === 'blocked') throw throughLinkError(where);
    if (entry === 'absent') write.push(path);
    else if (!owned.has(path) || entry === 'directory' || entry === 'other') {
      throw new EnvironmentError(where, 'exists and was not written by mountpoint-s3-spark; move it away and run synth again');
    } else if (entry === 'symlink' || sha256(readFileSync(where)) !== digests.get(path)) write.push(path);
  }
  const remove = [...owned.keys()].filter((path) => !files.has(path) && ['file', 'symlink'].includes(entryAt(dir, path, folders))).sort();
  return { files: Object.fromEntries(digests), write, remove };
}

/** Stages the new contents and commits the journal; on a failure before the commit nothing in DIR has changed. */
function commit(dir: string, journal: Journal, files: RenderedFiles): void {
  const state = join(dir, STATE_DIR);
  const staging = join(state, STAGING_DIR);
  try {
    createFolders(staging);
    faultPoint('create-staging');
    journal.write.forEach((path, index) => {
      writeFileSync(join(staging, String(index)), files.get(path)!);
      faultPoint('stage');
    });
    const prepared = join(state, `${JOURNAL_FILE}.tmp`);
    writeFileSync(prepared, JSON.stringify(journal));
    faultPoint('prepare-journal');
    renameSync(prepared, join(state, JOURNAL_FILE));
    faultPoint('commit');
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    rmSync(join(state, `${JOURNAL_FILE}.tmp`), { force: true });
    throw error;
  }
}

/** Applies a committed journal; every step may already have happened (a replay after a crash). */
function replay(dir: string, journal: Journal): void {
  const state = join(dir, STATE_DIR);
  const staging = join(state, STAGING_DIR);
  // Re-checked here, once per folder: a replay may run long after the plan, and never writes through a link.
  const folders: CheckedFolders = new Set();
  const created = new Set<string>();
  // Listed once, not looked up per file: a replay after a crash finds some of them moved into place already.
  const staged = new Set(unlessGone(() => readdirSync(staging)) ?? []);
  journal.write.forEach((path, index) => {
    if (!staged.has(String(index))) return;
    const target = join(dir, path);
    if (foldersAbove(dir, path, folders) === 'blocked') throw throughLinkError(target);
    const folder = dirname(target);
    if (!created.has(folder)) {
      if (createFolders(folder)) faultPoint('create-folder');
      created.add(folder);
    }
    renameSync(join(staging, String(index)), target);
    faultPoint('replace');
  });
  const kept = new Set(Object.keys(journal.files).flatMap(parentFolders));
  for (const path of journal.remove) {
    if (['file', 'symlink'].includes(entryAt(dir, path))) {
      rmSync(join(dir, path), { force: true });
      faultPoint('remove');
    }
    for (const folder of parentFolders(path)) {
      if (kept.has(folder)) break;
      const removed = removeIfEmpty(join(dir, folder));
      if (removed === 'not empty') break;
      if (removed === 'removed') faultPoint('remove-folder');
    }
  }
  const manifest = join(state, `${MANIFEST_FILE}.tmp`);
  writeFileSync(manifest, manifestText(new Map(Object.entries(journal.files))));
  faultPoint('prepare-manifest');
  renameSync(manifest, join(state, MANIFEST_FILE));
  faultPoint('manifest');
  unlinkSync(join(state, JOURNAL_FILE));
  faultPoint('finish-journal');
  rmSync(staging, { recursive: true, force: true });
  faultPoint('remove-staging');
}

function throughLinkError(path: string): EnvironmentError {
  return new EnvironmentError(path, 'a folder above it is a symbolic link or a file; synth does not write through links');
}

/** `a/b/c` → `a/b`, `a` (innermost first). */
function parentFolders(path: string): string[] {
  const folders: string[] = [];
  for (let folder = posix.dirname(path); folder !== '.'; folder = posix.dirname(folder)) folders.push(folder);
  return folders;
}

/** Removes a folder only when it is empty: a folder holding anything not synth's is kept. */
function removeIfEmpty(folder: string): 'removed' | 'absent' | 'not empty' {
  try {
    rmdirSync(folder);
    return 'removed';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'absent';
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EBUSY') return 'not empty';
    throw error;
  }
}
