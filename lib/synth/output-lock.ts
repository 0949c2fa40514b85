import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../files/environment-error';
import { faultPoint } from './fault-point';

/**
 * One writer per output folder: `STATE/lock` holds the writer's pid. It is
 * created whole (written beside it, then hard-linked into place, which fails
 * when a lock exists), so no reader ever sees an empty lock. A lock whose
 * process is gone (killed mid-write) is taken over.
 */
export function acquireLock(stateDir: string, outDir: string): () => void {
  const lock = join(stateDir, 'lock');
  const mine = join(stateDir, `lock.${process.pid}`);
  try {
    writeFileSync(mine, `${process.pid}\n`);
    faultPoint('lock-prepare');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, lock);
        faultPoint('lock');
        return () => {
          unlinkSync(lock);
          faultPoint('unlock');
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = lockHolder(lock);
      if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
        throw new EnvironmentError(outDir, `is being written by pid ${holder} (if no such process runs, delete ${lock})`);
      }
      removeStaleLock(lock, stateDir);
    }
    throw new EnvironmentError(outDir, `could not take the lock ${lock}; another synth keeps taking it`);
  } finally {
    rmSync(mine, { force: true });
  }
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside before deleting it; when what was moved turns
 * out to be a live writer's fresh lock (two writers recovering at once), it
 * is put back instead.
 */
function removeStaleLock(lock: string, stateDir: string): void {
  const aside = join(stateDir, `lock.${process.pid}.stale`);
  try {
    renameSync(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const holder = lockHolder(aside);
  if (holder !== undefined && isRunning(holder)) linkOrIgnore(aside, lock);
  unlinkSync(aside);
  faultPoint('lock-stale');
}

function linkOrIgnore(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** `lock.PID` and `lock.PID.stale` files left by writers that were killed. */
export function removeDeadLockFiles(stateDir: string, entries: readonly string[]): void {
  for (const entry of entries) {
    const pid = /^lock\.([0-9]+)(?:\.stale)?$/.exec(entry)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    unlinkSync(join(stateDir, entry));
    faultPoint('lock-cleanup');
  }
}
