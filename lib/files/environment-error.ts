/**
 * Something about the machine, not the program, stopped a command: a path
 * that is missing, read-only, full, busy, of the wrong type or in use.
 * Reported as `mountpoint-s3-spark: <path>: <what went wrong>` with exit 2.
 */
export class EnvironmentError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The errno code (`ENOENT`, …) when a system call failed. */
    readonly code?: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'EnvironmentError';
  }
}

/**
 * Node's error for a failed system call (`open`, `rename`, …): it carries an
 * errno code. Declared here rather than as `NodeJS.ErrnoException`, so that
 * the package's declarations compile in a project without `@types/node`.
 */
export interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
}

export function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string' && typeof (error as SystemError).syscall === 'string';
}

/** Plain words for the failures users meet; anything else keeps the system's own text. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'busy (a mount point or in use)',
  EXDEV: 'cannot be moved across file systems (a mount point?)',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** A failed system call as an EnvironmentError naming the path it failed on (`fallbackPath` when it names none). */
export function environmentErrorOf(error: SystemError, fallbackPath = ''): EnvironmentError {
  const code = error.code ?? '';
  const systemText = error.message.replace(/^[A-Z0-9_]+: /, '').replace(/, [a-z_]+(?: '.*')?$/s, '');
  const reason = REASONS[code] ?? systemText;
  return new EnvironmentError(error.path ?? fallbackPath, reason, code);
}

/** Runs `work`, turning a failed system call into an EnvironmentError at `path`. */
export function withPath<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isSystemError(error)) throw environmentErrorOf(error, path);
    throw error;
  }
}
