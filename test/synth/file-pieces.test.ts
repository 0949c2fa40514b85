// Large output files are hashed, written and read a piece at a time
// (lib/synth/file-pieces.ts). Each must give the bytes and the sha256 of the
// whole text, as coreutils' sha256sum reads them, whatever stands at a piece's
// edge: a surrogate pair, a lone surrogate, a character of 2 or 3 UTF-8 bytes.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSha256, PIECE, sha256, textPieces, writeFilePieces } from '../../lib/synth/file-pieces';
import { tempDir } from '../helpers';

/** What coreutils makes of a file: its sha256. */
function sha256sum(path: string): string {
  const result = spawnSync('sha256sum', [path], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.stdout.split(' ')[0];
}

const EDGES: Record<string, string> = {
  'a surrogate pair across the edge': `${'a'.repeat(PIECE - 1)}😀${'b'.repeat(10)}`,
  'a lone high surrogate just before the edge': `${'a'.repeat(PIECE - 1)}\ud83dz${'é'.repeat(10)}`,
  'a lone low surrogate at the edge': `${'a'.repeat(PIECE)}\ude00${'€'.repeat(10)}`,
  'characters of 2 and 3 bytes across three pieces': 'é€'.repeat(PIECE + 7),
};

describe('a text longer than a piece', () => {
  test.each(Object.entries(EDGES))('with %s is written as its UTF-8 bytes, and hashes as sha256sum reads them', (_, text) => {
    const file = join(tempDir(), 'out.yaml');

    writeFilePieces(file, text);

    expect({ bytes: readFileSync(file).equals(Buffer.from(text)), sha256: sha256(text) }).toEqual({ bytes: true, sha256: sha256sum(file) });
  });

  test('is cut into pieces of at most a piece, which together are the text', () => {
    const text = EDGES['a surrogate pair across the edge'];
    const pieces = [...textPieces(text)];
    expect({ longest: Math.max(...pieces.map((p) => p.length)) <= PIECE, whole: pieces.join('') === text, count: pieces.length }).toEqual({
      longest: true,
      whole: true,
      count: 2,
    });
  });
});

test('a file longer than a piece hashes as sha256sum reads it', () => {
  const file = join(tempDir(), 'chart.tgz');
  writeFileSync(file, randomBytes(3 * PIECE + 5));
  expect(fileSha256(file)).toBe(sha256sum(file));
});

test('a file holding nothing hashes as sha256sum reads it', () => {
  const file = join(tempDir(), 'empty.yaml');
  writeFileSync(file, '');
  expect(fileSha256(file)).toBe(sha256sum(file));
});
