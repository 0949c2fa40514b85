import { loadConfig } from '../config/load';
import { semver } from '../config/schema-parts';
import { compareWithDirectory } from '../synth/compare';
import { RenderedFiles } from '../synth/render';
import { synthesize } from '../synth/synthesize';
import { writeOutputAtomically } from '../synth/write';
import { checkRenderedFiles } from './check';
import { ManifestsInvalid, OutOfDateError, UsageError } from './exit-codes';

export interface SynthOptions {
  readonly config?: string;
  readonly out: string;
  /**
   * Tri-state, as commander sets it from `--check` / `--no-check`: true
   * compares with DIR and writes nothing; false writes without checking the
   * manifests; absent checks them in memory, then writes.
   */
  readonly check?: boolean;
  /** Overrides chart.version (Helm chart and version labels). */
  readonly chartVersion?: string;
}

export function synthCommand(opts: SynthOptions): void {
  const config = loadConfig(opts.config);
  if (opts.chartVersion !== undefined) {
    // Helm accepts only semantic versions; refusing here keeps a bad one out of every file.
    if (!new RegExp(semver.pattern).test(opts.chartVersion)) {
      throw new UsageError(`--chart-version "${opts.chartVersion}": ${semver.errorMessage.pattern}`);
    }
    config.chart.version = opts.chartVersion;
  }
  const files = synthesize(config);
  if (opts.check === true) {
    checkOutput(opts.out, files);
    return;
  }
  if (opts.check === undefined) {
    // Checked in memory before anything is written: invalid output never replaces DIR.
    const failed = checkRenderedFiles(files, config.cluster.kubernetesVersion);
    if (failed) throw new ManifestsInvalid(failed.text);
  }
  writeOutputAtomically(opts.out, files);
  process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}

/** `synth --check`: the CI step of a GitOps repository; prints the diff, writes nothing. */
function checkOutput(out: string, files: RenderedFiles): void {
  const { differing, patch } = compareWithDirectory(out, files);
  if (differing.length === 0) {
    process.stdout.write(`${out} is up to date (${files.size} files)\n`);
    return;
  }
  process.stdout.write(patch);
  throw new OutOfDateError(
    `${out} is out of date: ${differing.length} ${differing.length === 1 ? 'file differs' : 'files differ'}; run synth without --check to update it`,
  );
}
