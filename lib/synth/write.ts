import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RenderedFiles } from '../rendered-files';

/**
 * Replaces `outDir` with exactly `files`. Everything is written into a fresh
 * directory beside `outDir` first and swapped in with renames, so a failure
 * at any point leaves an existing `outDir` as it was.
 */
export function writeOutputAtomically(outDir: string, files: RenderedFiles): void {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.new-`));
  let previous: string | undefined;
  try {
    for (const [path, content] of files) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (existsSync(target)) {
      previous = `${staging.replace('.new-', '.old-')}`;
      renameSync(target, previous);
    }
    renameSync(staging, target);
  } catch (error) {
    if (previous && !existsSync(target)) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (previous) rmSync(previous, { recursive: true, force: true });
}
