import { loadConfig } from '../config/load';
import { semver } from '../config/schema-parts';
import { synthesize } from '../synth/synthesize';
import { writeOutputAtomically } from '../synth/write';
import { UsageError } from './exit-codes';

export function synthCommand(opts: { config?: string; out: string; chartVersion?: string }): void {
  const config = loadConfig(opts.config);
  if (opts.chartVersion !== undefined) {
    // Helm accepts only semantic versions; refusing here keeps a bad one out of every file.
    if (!new RegExp(semver.pattern).test(opts.chartVersion)) {
      throw new UsageError(`--chart-version "${opts.chartVersion}": ${semver.errorMessage.pattern}`);
    }
    config.chart.version = opts.chartVersion;
  }
  const files = synthesize(config);
  writeOutputAtomically(opts.out, files);
  process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}
