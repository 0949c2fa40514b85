import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { RenderedFiles } from './render';

/** How an output directory differs from what `synth` would write into it. */
export interface OutputComparison {
  /** Paths (relative to the directory) that would be added, changed or removed, sorted. */
  readonly differing: readonly string[];
  /**
   * A unified diff from the directory (`a/…`) to the synthesized output
   * (`b/…`): `git apply` in the directory brings it up to date.
   */
  readonly patch: string;
}

/**
 * Compares `files` with the files under `outDir` without writing anything.
 * A file under `outDir` that `synth` would not write is a difference too,
 * because `synth` replaces the whole directory; a missing `outDir` is empty.
 */
export function compareWithDirectory(outDir: string, files: RenderedFiles): OutputComparison {
  const present = readTree(outDir);
  const paths = [...new Set([...present.keys(), ...files.keys()])].sort();
  const differing: string[] = [];
  const patches: string[] = [];
  for (const path of paths) {
    const before = present.get(path);
    const after = files.get(path);
    if (before === after) continue;
    differing.push(path);
    patches.push(
      createTwoFilesPatch(
        before === undefined ? '/dev/null' : `a/${path}`,
        after === undefined ? '/dev/null' : `b/${path}`,
        before ?? '',
        after ?? '',
        undefined,
        undefined,
        { headerOptions: FILE_HEADERS_ONLY },
      ),
    );
  }
  return { differing, patch: patches.join('') };
}

/** Every file under `dir` by its `/`-separated relative path; empty when `dir` does not exist. */
function readTree(dir: string): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else tree.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  if (existsSync(dir)) walk('');
  return tree;
}
