/** One thing wrong with an input, located by a field path such as `buckets[0].prefix`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Raised when a config cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(file: string, problem: Problem): string {
  return problem.path ? `${file}: ${problem.path}: ${problem.message}` : `${file}: ${problem.message}`;
}

/** `/buckets/0/mount/path` (JSON pointer) → `buckets[0].mount.path`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, segment) => joinPath(path, /^[0-9]+$/.test(segment) ? Number(segment) : segment), '');
}

/** Appends a key or index to a field path, quoting keys that are not plain identifiers. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const text = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  return parent ? `${parent}.${text}` : text;
}
