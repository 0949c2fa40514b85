/**
 * What `read` returns, or undefined when its file or folder does not exist
 * (never made, or deleted by another synth between listing a folder and
 * reading it, as reads made without the output lock may see).
 */
export function unlessGone<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
