import { readFileSync, writeFileSync } from 'node:fs';
import { MountApproach } from '../config/schema';
import { packagePath } from '../package-root';
import { UsageError } from './exit-codes';

/**
 * The starter for an approach is its example: tested to validate and
 * synthesize. Commander has already refused names not in MOUNT_APPROACHES.
 */
export function initCommand(opts: { approach: MountApproach; out?: string }): void {
  const { approach } = opts;
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
