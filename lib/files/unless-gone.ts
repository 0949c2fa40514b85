/**
 * What `read` returns, or undefined when its file or folder no longer exists:
 * for reads of an output folder made without its lock, where another synth
 * may delete a file between listing a folder and reading it.
 */
export function unlessGone<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
