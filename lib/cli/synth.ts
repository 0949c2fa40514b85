import { loadConfig } from '../config/load';
import { synthesize } from '../synth/synthesize';
import { writeOutputAtomically } from '../synth/write';

export function synthCommand(opts: { config?: string; out: string }): void {
  const config = loadConfig(opts.config);
  const files = synthesize(config);
  writeOutputAtomically(opts.out, files);
  process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}
