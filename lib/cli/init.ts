import { readFileSync, writeFileSync } from 'node:fs';
import { IMPLEMENTED_APPROACHES } from '../config/resolve';
import { MountApproach } from '../config/schema';
import { packagePath } from '../package-root';
import { UsageError } from './exit-codes';

/** The starter for an approach is its example: tested to validate and synthesize. */
export function initCommand(opts: { approach: string; out?: string }): void {
  const approach = opts.approach as MountApproach;
  if (!IMPLEMENTED_APPROACHES.has(approach)) {
    throw new UsageError(`approach "${approach}" is not implemented yet; implemented: ${[...IMPLEMENTED_APPROACHES].join(', ')}`);
  }
  const starter = readFileSync(packagePath('examples', `${approach}.yaml`), 'utf8');
  if (opts.out === undefined) {
    process.stdout.write(starter);
    return;
  }
  try {
    writeFileSync(opts.out, starter, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${opts.out} already exists; not overwriting it`);
    throw error;
  }
  process.stderr.write(`wrote ${opts.out}; check it with: mountpoint-s3-spark validate --config ${opts.out}\n`);
}
