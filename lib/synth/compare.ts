import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { RenderedFiles } from '../rendered-files';

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
    const rendered = files.get(path);
    const after = rendered === undefined ? undefined : Buffer.from(rendered);
    if (before !== undefined && after !== undefined && before.equals(after)) continue;
    differing.push(path);
    const from = before === undefined ? '/dev/null' : `a/${path}`;
    const to = after === undefined ? '/dev/null' : `b/${path}`;
    const [beforeText, afterText] = [textOf(before), textOf(after)];
    // Like git: a binary file (the packaged Helm chart) is named, not diffed.
    patches.push(
      beforeText === undefined || afterText === undefined
        ? `Binary files ${from} and ${to} differ\n`
        : createTwoFilesPatch(from, to, beforeText, afterText, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }),
    );
  }
  return { differing, patch: patches.join('') };
}

/** The file as text: '' when absent, undefined when binary (it holds a NUL byte). */
function textOf(content: Buffer | undefined): string | undefined {
  if (content === undefined) return '';
  return content.includes(0) ? undefined : content.toString('utf8');
}

/** Every file under `dir` by its `/`-separated relative path; empty when `dir` does not exist. */
function readTree(dir: string): Map<string, Buffer> {
  const tree = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else tree.set(path, readFileSync(join(dir, path)));
    }
  };
  if (existsSync(dir)) walk('');
  return tree;
}
