import { CheckReport, passed } from '../check/check-resources';
import { REPORTERS } from '../check/report';
import { DEFAULT_CONFIG_NAME } from '../config/default-config';
import { loadConfig } from '../config/load';
import { Config } from '../config/schema';
import { semver } from '../config/schema-parts';
import { chartVersionBumpNeeded } from '../helm/version-bump';
import { userDataDrift } from '../karpenter/userdata-drift';
import { compareWithDirectory } from '../synth/compare';
import { synthesize } from '../synth/synthesize';
import { writeOutput } from '../synth/write';
import { checkRenderedManifests, describeReport } from './check';
import { ManifestsInvalid, OutOfDateError, UsageError } from './exit-codes';
import { count, Progress, verbosityOf } from './progress';
import { checkSummary, describeFiles, fileList, objectsByKind, roundSeconds, stepList, SynthSummary, totalObjects } from './synth-summary';
import { CommandIo, processIo } from './io';

export interface SynthOptions {
  readonly config?: string;
  readonly out: string;
  /**
   * Tri-state, as commander sets it from `--check` / `--no-check`: true
   * compares with DIR and writes nothing; false writes without checking the
   * manifests; absent checks them in memory, then writes.
   */
  readonly check?: boolean;
  /** Overrides chart.version (the Helm chart's version). */
  readonly chartVersion?: string;
  /** `text` (a line saying what was written) or `json` (a SynthSummary). @default 'text' */
  readonly output?: string;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  /** Largest config file read, in MiB. */
  readonly maxInputMib?: number;
}

export function synthCommand(opts: SynthOptions, io: CommandIo = processIo()): void {
  if (opts.out.trim() === '') throw new UsageError(`--out is empty (an unset variable?); name the folder synth writes into, such as dist`);
  const json = opts.output === 'json';
  const progress = new Progress(io.stderr, verbosityOf(opts));
  const configName = opts.config ?? DEFAULT_CONFIG_NAME;
  const config = progress.step('load config', () => loadConfig(opts.config, opts.maxInputMib), describeConfig);
  if (opts.chartVersion !== undefined) {
    // Helm accepts only semantic versions; refusing here keeps a bad one out of every file.
    if (!new RegExp(semver.pattern).test(opts.chartVersion)) {
      throw new UsageError(`--chart-version "${opts.chartVersion}": ${semver.errorMessage.pattern}`);
    }
    config.chart.version = opts.chartVersion;
  }
  const files = synthesize(config, (stage, work) => {
    const stageFiles = progress.step(stage, work, describeFiles);
    if (stage === 'synth') for (const [kind, n] of Object.entries(objectsByKind(stageFiles))) progress.detail(`${kind} ${n}`);
    return stageFiles;
  });
  const byKind = objectsByKind(files);
  const bump = chartVersionBumpNeeded(opts.out, files, config.chart.name, config.chart.version);
  if (progress.verbosity !== 'quiet') {
    for (const pool of userDataDrift(opts.out, files)) {
      io.stderr.write(`note: node pool ${pool}: EC2NodeClass userData changes; Karpenter will replace every node of the pool (drift)\n`);
    }
  }
  const summary = (result: SynthSummary['result'], report?: CheckReport, differing?: readonly string[]): string =>
    `${JSON.stringify(
      {
        config: configName,
        out: opts.out,
        result,
        files: fileList(files),
        objects: { total: totalObjects(byKind), byKind },
        check: checkSummary(report),
        ...(differing ? { differing } : {}),
        steps: stepList(progress.steps),
        seconds: roundSeconds(progress.elapsed()),
      } satisfies SynthSummary,
      null,
      2,
    )}\n`;

  if (opts.check === true) {
    const { differing, patch } = progress.step('compare', () => compareWithDirectory(opts.out, files), (c) =>
      c.differing.length ? `${count(c.differing.length, 'file differs', 'files differ')} from ${opts.out}` : 'up to date',
    );
    if (json) io.stdout(summary(differing.length ? 'out-of-date' : 'up-to-date', undefined, differing));
    if (differing.length === 0) {
      if (!json && progress.verbosity !== 'quiet') io.stdout(`${opts.out} is up to date (${files.size} files)\n`);
      return;
    }
    if (!json) io.stdout(patch);
    const outOfDate = `${opts.out} is out of date: ${differing.length} ${differing.length === 1 ? 'file differs' : 'files differ'}; run synth without --check to update it`;
    throw new OutOfDateError(bump === undefined ? outOfDate : `${outOfDate}\n${bump}`);
  }
  let report: CheckReport | undefined;
  if (opts.check === undefined) {
    // Checked in memory before anything is written: invalid output never replaces DIR.
    const version = config.cluster.kubernetesVersion;
    report = progress.step(`check (Kubernetes ${version})`, () => checkRenderedManifests(files, version), describeReport);
    if (!passed(report)) {
      if (json) io.stdout(summary('invalid', report));
      throw new ManifestsInvalid(REPORTERS.text([report]));
    }
  }
  if (bump !== undefined) io.stderr.write(`warning: ${bump}\n`);
  const { foreign } = progress.step('write', () => writeOutput(opts.out, files), () => `${count(files.size, 'file')} to ${opts.out}`);
  if (foreign.length && progress.verbosity !== 'quiet') io.stderr.write(`note: ${foreignNote(opts.out, foreign)}\n`);
  if (json) io.stdout(summary('written', report));
  else if (progress.verbosity !== 'quiet') io.stdout(`wrote ${files.size} files to ${opts.out}\n`);
}

/** One line naming the files synth left alone, the first few by name. */
function foreignNote(out: string, foreign: readonly string[]): string {
  const shown = foreign.slice(0, 5).join(', ');
  const more = foreign.length > 5 ? ` and ${foreign.length - 5} more` : '';
  return `${count(foreign.length, 'file')} in ${out} not written by synth, left alone: ${shown}${more}`;
}

function describeConfig(config: Config): string {
  return [count(config.buckets.length, 'bucket'), count(config.teams.length, 'team'), count(config.sparkApplications.length, 'Spark application')].join(', ');
}

