import { loadConfig } from '../config/load';
import { synthesize } from '../synth/synthesize';
import { writeOutputAtomically } from '../synth/write';
import { checkRenderedFiles } from './check';
import { ManifestsInvalid } from './exit-codes';

export function synthCommand(opts: { config?: string; out: string; check?: boolean }): void {
  const config = loadConfig(opts.config);
  const files = synthesize(config);
  if (opts.check !== false) {
    // Checked in memory before anything is written: invalid output never replaces DIR.
    const failed = checkRenderedFiles(files, config.cluster.kubernetesVersion);
    if (failed) throw new ManifestsInvalid(failed.text);
  }
  writeOutputAtomically(opts.out, files);
  process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}
