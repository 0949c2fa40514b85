import { goString, templateLiteral } from './template-text';

/**
 * Helm loads no chart file over 5 MiB (`MaxDecompressedFileSize`, helm
 * pkg/chart/loader). A named template longer than this (a node script with
 * thousands of mounts) is written as several, which the named one includes in
 * turn; a partial file is closed before it grows past it.
 */
export const NAMED_TEMPLATE_BYTES = 1024 * 1024;
const PARTIAL_FILE_BYTES = 2 * NAMED_TEMPLATE_BYTES;

/** Literal text (escaped when written), or an action (template text written as it is). */
export type Piece = { readonly literal: string } | { readonly action: string };

/**
 * The `_<object>.tpl` files of a chart's named templates: `add` files each
 * under its object's partial (`<group>/_<object>.tpl`, then `-2.tpl`, … once
 * one is full).
 */
export class PartialFiles {
  readonly files = new Map<string, string>();
  private readonly last = new Map<string, string>();

  /** Defines `name` as the text of `pieces` (no whitespace trimmed) in the partial `path`; `root` is the context it is included with. */
  add(path: string, name: string, pieces: readonly Piece[], root: string): void {
    const bodies = chunks(pieces);
    if (bodies.length === 1) {
      this.define(path, name, bodies[0]);
      return;
    }
    bodies.forEach((body, i) => this.define(path, `${name}.${i + 1}`, body));
    this.define(path, name, bodies.map((_, i) => `{{ include ${goString(`${name}.${i + 1}`)} ${root} }}`).join(''));
  }

  private define(path: string, name: string, body: string): void {
    const define = `{{ define ${goString(name)} }}${body}{{ end }}\n`;
    let file = this.last.get(path) ?? path;
    let earlier = this.files.get(file);
    if (earlier !== undefined && earlier.length + define.length > PARTIAL_FILE_BYTES) {
      let n = 2;
      while (this.files.has((file = path.replace(/\.tpl$/, `-${n}.tpl`)))) n++;
      earlier = undefined;
    }
    this.last.set(path, file);
    this.files.set(file, earlier === undefined ? define : `${earlier}\n${define}`);
  }
}

/**
 * Template text of `pieces`, cut into bodies of about NAMED_TEMPLATE_BYTES
 * each. A body starts only with literal text, never with an action: an action
 * that trims (`{{-`) then trims the text before it in its own body.
 */
function chunks(pieces: readonly Piece[]): string[] {
  const bodies: string[] = [];
  let body = '';
  for (const piece of pieces) {
    if ('action' in piece) {
      body += piece.action;
      continue;
    }
    for (const slice of slices(piece.literal)) {
      if (body.length > 0 && body.length + slice.length > NAMED_TEMPLATE_BYTES) {
        bodies.push(body);
        body = '';
      }
      body += templateLiteral(slice);
    }
  }
  bodies.push(body);
  return bodies;
}

/**
 * `text` in slices of at most NAMED_TEMPLATE_BYTES / 2, each ending at a
 * newline where one is near, never inside a surrogate pair, and none in the
 * whitespace that ends the text (which an action after it may trim).
 */
function slices(text: string): string[] {
  const size = NAMED_TEMPLATE_BYTES / 2;
  let lastCut = text.length;
  while (lastCut > 0 && /\s/.test(text[lastCut - 1])) lastCut--;
  const result: string[] = [];
  let start = 0;
  while (lastCut - start > size) {
    let end = text.lastIndexOf('\n', start + size) + 1;
    if (end <= start + size / 2) end = start + size;
    if (/[\ud800-\udbff]/.test(text[end - 1])) end--;
    result.push(text.slice(start, end));
    start = end;
  }
  result.push(text.slice(start));
  return result;
}
