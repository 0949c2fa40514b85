import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { entryAt, inspectOutputDir, ownedFiles } from './output-state';
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
 * Compares `files` with what is in `outDir` without writing anything. A
 * file synth wrote before (its manifest) that it would no longer write is a
 * difference; a file synth did not write is not looked at. A symbolic link
 * or another non-regular entry where synth writes a file is a difference
 * named, never read (no link target's content reaches a log).
 */
export function compareWithDirectory(outDir: string, files: RenderedFiles): OutputComparison {
  // In a folder synth did not write (a checkout without the manifest), only synth's own paths are compared.
  const owned = inspectOutputDir(outDir) === 'ours' ? ownedFiles(outDir) : new Map<string, string>();
  const paths = [...new Set([...files.keys(), ...owned.keys()])].sort();
  const differing: string[] = [];
  const patches: string[] = [];
  for (const path of paths) {
    const before = presentContent(outDir, path);
    const rendered = files.get(path);
    const after = rendered === undefined ? undefined : Buffer.from(rendered);
    if (Buffer.isBuffer(before) && after !== undefined && before.equals(after)) continue;
    if (before === undefined && after === undefined) continue;
    differing.push(path);
    const from = before === undefined ? '/dev/null' : `a/${path}`;
    const to = after === undefined ? '/dev/null' : `b/${path}`;
    if (typeof before === 'string') {
      patches.push(`${from} is ${before}, not a file synth wrote\n`);
      continue;
    }
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

/** The file's bytes; undefined when absent; a description (`a symbolic link`) when it is not a regular file. */
function presentContent(dir: string, path: string): Buffer | string | undefined {
  const entry = entryAt(dir, path);
  if (entry === 'absent') return undefined;
  if (entry === 'file') return readFileSync(join(dir, path));
  return { symlink: 'a symbolic link', directory: 'a folder', blocked: 'below a symbolic link or a file', other: 'not a regular file' }[
    entry
  ];
}

/** The file as text: '' when absent, undefined when binary (it holds a NUL byte). */
function textOf(content: Buffer | undefined): string | undefined {
  if (content === undefined) return '';
  return content.includes(0) ? undefined : content.toString('utf8');
}
