import { createHash, hash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';

/**
 * Output files of a large platform are tens of MB each (10,000 teams: a 33 MB
 * teams.k8s.yaml). Hashed or written whole, each needs a UTF-8 copy of its
 * size, which the C library maps fresh and the kernel faults in page by page:
 * per byte, a 33 MB file then costs twice what a 3 MB one does. They are
 * hashed, written and read a piece of PIECE at a time instead, through
 * buffers of that size that are reused.
 */
export const PIECE = 1 << 20;

/** `text` in pieces of at most PIECE UTF-16 code units; a surrogate pair is never split, so each encodes as in `text`. */
export function* textPieces(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + PIECE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield text.slice(start, end);
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The hex sha256 of the UTF-8 bytes of `content`. */
export function sha256(content: string | Buffer): string {
  if (typeof content !== 'string' || content.length <= PIECE) return hash('sha256', content, 'hex');
  const digest = createHash('sha256');
  for (const piece of textPieces(content)) digest.update(piece);
  return digest.digest('hex');
}

let readBuffer: Buffer | undefined;

/** The hex sha256 of the file at `path`, read a piece at a time into one buffer that every call reuses. */
export function fileSha256(path: string): string {
  const digest = createHash('sha256');
  const buffer = (readBuffer ??= Buffer.allocUnsafe(PIECE));
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) digest.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return digest.digest('hex');
}

/** Writes `content` (UTF-8 when text) to a new or truncated file, as writeFileSync does, a piece at a time. */
export function writeFilePieces(path: string, content: string | Buffer): void {
  if (typeof content !== 'string' || content.length <= PIECE) return writeFileSync(path, content);
  const fd = openSync(path, 'w');
  try {
    for (const piece of textPieces(content)) writeFileSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}
