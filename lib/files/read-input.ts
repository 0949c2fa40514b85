import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { EnvironmentError, withPath } from './environment-error';

/** Inputs (a config, a manifest file, standard input) larger than this are refused unless raised by `--max-input-mib`. */
export const DEFAULT_MAX_INPUT_MIB = 64;

export function mebibytes(mib: number): number {
  return mib * 1024 * 1024;
}

function tooLarge(path: string, maxBytes: number): EnvironmentError {
  return new EnvironmentError(path, `larger than ${maxBytes / 1024 / 1024} MiB; raise the limit with --max-input-mib if this is intended`);
}

/**
 * Reads a regular file as UTF-8, at most `maxBytes`. Opening does not block
 * (a FIFO is refused, not waited on) and a device such as /dev/zero is
 * refused before a byte is read.
 */
export function readInputFile(path: string, maxBytes: number): string {
  return withPath(path, () => {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw new EnvironmentError(path, 'is a folder, not a file');
      if (!stat.isFile()) throw new EnvironmentError(path, 'not a regular file (a FIFO, socket or device); give a file');
      if (stat.size > maxBytes) throw tooLarge(path, maxBytes);
      return readBounded(fd, path, maxBytes);
    } finally {
      closeSync(fd);
    }
  });
}

/** Standard input as UTF-8, at most `maxBytes`: endless input (`< /dev/zero`) ends in an error, not in exhausted memory. */
export function readStandardInput(maxBytes: number): string {
  return withPath('-', () => readBounded(0, '-', maxBytes));
}

function readBounded(fd: number, path: string, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking pipe with nothing in it yet: wait a moment, as a blocking read would.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw error;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooLarge(path, maxBytes);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
