import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The directory holding this package's package.json. Sources run from `lib/`
 * (ts-jest) and from `build/lib/` (compiled CLI); data files shipped with the
 * package (examples, vendored schemas) are found from here in both cases.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
