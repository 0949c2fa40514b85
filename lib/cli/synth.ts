import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_NAME } from '../config/default-config';
import { environmentConfigs } from '../config/environments';
import { loadConfig } from '../config/load';
import { Config } from '../config/schema';
import { semver } from '../config/schema-parts';
import { unknownNameMessage } from '../config/validate-schema';
import { buildTokenizedApp } from '../helm/tokenized-app';
import { chartVersionBumpNeeded } from '../helm/version-bump';
import { userDataDrift } from '../approaches/node-userdata/userdata-drift';
import { ChartsRequest } from '../synth/charts';
import { bundleEnvironments, environmentsOutput, joinEnvironments } from '../synth/environments';
import { RenderedFiles } from '../rendered-files';
import { synthesizeBundles, SynthStage } from '../synth/synthesize';
import { inspectOutputDir, ownedFiles } from '../synth/output-state';
import { writeOutput } from '../synth/write';
import { ManifestsInvalid, OutOfDateError, UsageError } from './exit-codes';
import { stepName } from './package-worker';
import { withPackaging } from './packaging';
import { count, Progress, verbosityOf } from './progress';
import {
  CheckSummary,
  describeFiles,
  fileList,
  objectsByKind,
  processCpuSeconds,
  roundSeconds,
  stepList,
  SynthSummary,
  totalObjects,
} from './synth-summary';
import type { CheckedUnit, SynthCheck } from './synth-check';
import { CommandIo, processIo } from './io';
import { printable } from '../printable';

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
  /** Synthesize only this environment of the config, into DIR/<environment>/. */
  readonly environment?: string;
  /** Largest config file read, in MiB. */
  readonly maxInputMib?: number;
}

export async function synthCommand(opts: SynthOptions, io: CommandIo = processIo()): Promise<void> {
  if (opts.out.trim() === '') throw new UsageError(`--out is empty (an unset variable?); name the folder synth writes into, such as dist`);
  const json = opts.output === 'json';
  const progress = new Progress(io.stderr, verbosityOf(opts));
  const configName = opts.config ?? DEFAULT_CONFIG_NAME;
  const config = progress.step('load config', () => loadConfig(opts.config, opts.maxInputMib), describeConfig);
  if (opts.chartVersion !== undefined && !new RegExp(semver.pattern).test(opts.chartVersion)) {
    // Helm accepts only semantic versions; refusing here keeps a bad one out of every file.
    throw new UsageError(`--chart-version "${opts.chartVersion}": ${semver.errorMessage.pattern}`);
  }
  const stageOf =
    (environment?: string): SynthStage =>
    (stage, work) => {
      // Counted once for the step's line and its details: a scan of every manifest (10,000 teams: 87 MB).
      let byKind: Record<string, number> = {};
      const stageFiles = progress.step(stepName(stage, environment), work, (files) =>
        describeFiles(files, (byKind = objectsByKind(files))),
      );
      if (stage === 'synth') for (const [kind, n] of Object.entries(byKind)) progress.detail(`${kind} ${n}`);
      return stageFiles;
    };
  // The whole output directory, or with --environment only DIR/<environment>.
  const out = opts.environment === undefined ? opts.out : join(opts.out, opts.environment);
  // Once the manifests of every unit are rendered (the Helm chart may still be packaging beside): notes on node
  // pools Karpenter will replace, and the check, in memory.
  const whenRendered = (units: readonly SynthUnit[]): Settled<SynthCheck> | undefined => {
    if (progress.verbosity !== 'quiet') noteUserDataDrift(units, opts.out, io);
    // Loaded here: the check code is needed only when synth checks.
    if (opts.check === undefined)
      return settle(() => (require('./synth-check') as typeof import('./synth-check')).checkUnits(units, progress));
    return undefined;
  };
  const { units, files, sharedChart, checked } = await synthesizeOutput(
    chartsRequest(config, configName, opts),
    opts,
    progress,
    stageOf,
    whenRendered,
  );
  // DIR is synth's output as a whole: one environment is written into it beside the others' files as they are,
  // with the chart every environment shares (DIR/helm/), which holds this environment's values too. Read from
  // disk only when needed: to write, or to compare with a shared chart.
  const written = (): RenderedFiles =>
    opts.environment === undefined ? files : withOtherEnvironments(opts.out, opts.environment, files, sharedChart);
  const bump = chartVersionBump(opts, sharedChart === undefined ? out : opts.out, sharedChart ?? files, units);
  const summary = (result: SynthSummary['result'], check: CheckSummary = { verdict: 'not-run' }, differing?: readonly string[]): string => {
    const byKind = sumCounts(units.map((unit) => objectsByKind(unit.files)));
    return `${JSON.stringify(
      {
        config: configName,
        out,
        result,
        files: fileList(files),
        objects: { total: totalObjects(byKind), byKind },
        check,
        ...(differing ? { differing } : {}),
        steps: stepList(progress.steps),
        seconds: roundSeconds(progress.elapsed()),
        cpuSeconds: roundSeconds(processCpuSeconds()),
      } satisfies SynthSummary,
      null,
      2,
    )}\n`;
  };

  if (opts.check === true) {
    // With --environment and a shared chart, --check compares DIR: the environment's files and the chart.
    const compared = sharedChart === undefined ? { dir: out, files } : { dir: opts.out, files: written() };
    const { differing, patch } = progress.step(
      'compare',
      // Loaded here: the diff library is needed only to compare.
      () => (require('../synth/compare') as typeof import('../synth/compare')).compareWithDirectory(compared.dir, compared.files),
      (c) => (c.differing.length ? `${count(c.differing.length, 'file differs', 'files differ')} from ${compared.dir}` : 'up to date'),
    );
    if (json) io.stdout(summary(differing.length ? 'out-of-date' : 'up-to-date', undefined, differing));
    if (differing.length === 0) {
      if (!json && progress.verbosity !== 'quiet') io.stdout(`${compared.dir} is up to date (${compared.files.size} files)\n`);
      return;
    }
    if (!json) io.stdout(patch);
    const outOfDate = `${compared.dir} is out of date: ${differing.length} ${differing.length === 1 ? 'file differs' : 'files differ'}; run synth without --check to update it`;
    throw new OutOfDateError(bump === undefined ? outOfDate : `${outOfDate}\n${bump}`);
  }
  let check: CheckSummary | undefined;
  if (checked !== undefined) {
    // Checked in memory before anything is written: invalid output never replaces DIR.
    const result = unwrap(checked);
    check = result.summary;
    if (result.failures !== undefined) {
      if (json) io.stdout(summary('invalid', check));
      throw new ManifestsInvalid(result.failures);
    }
  }
  if (bump !== undefined) io.stderr.write(`warning: ${bump}\n`);
  const { foreign } = progress.step(
    'write',
    () => writeOutput(opts.out, written()),
    () => `${count(files.size, 'file')} to ${out}`,
  );
  if (foreign.length && progress.verbosity !== 'quiet') io.stderr.write(`note: ${printable(foreignNote(opts.out, foreign))}\n`);
  if (json) io.stdout(summary('written', check));
  else if (progress.verbosity !== 'quiet') {
    const chart = sharedChart === undefined ? '' : ` and the chart every environment shares to ${join(opts.out, 'helm')}`;
    io.stdout(`wrote ${files.size} files to ${out}${chart}\n`);
  }
}

/** One directory `synth` writes and checks: DIR itself, or DIR/<environment>. */
type SynthUnit = CheckedUnit;

/** A result, or the error that stopped it, to be raised later: after an error that comes first. */
type Settled<T> = { readonly value: T } | { readonly error: unknown };

function settle<T>(work: () => T): Settled<T> {
  try {
    return { value: work() };
  } catch (error) {
    return { error };
  }
}

function unwrap<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

function noteUserDataDrift(units: readonly SynthUnit[], outDir: string, io: CommandIo): void {
  for (const unit of units) {
    const unitOut = unit.name === undefined ? outDir : join(outDir, unit.name);
    for (const pool of userDataDrift(unitOut, unit.files)) {
      const where = unit.name === undefined ? '' : `environment ${unit.name}: `;
      io.stderr.write(
        `note: ${where}node pool ${pool}: EC2NodeClass userData changes; Karpenter will replace every node of the pool (drift)\n`,
      );
    }
  }
}

/**
 * What the package stage renders: the config's chart, or every environment's
 * (with --environment too: whether they share one chart depends on all).
 * Refuses an unknown --environment, and sets --chart-version, before any work.
 */
function chartsRequest(config: Config, file: string, opts: SynthOptions): ChartsRequest {
  if (!config.environments) {
    if (opts.environment !== undefined) throw new UsageError(`--environment "${opts.environment}": ${file} has no environments section`);
    if (opts.chartVersion !== undefined) config.chart.version = opts.chartVersion;
    return { config };
  }
  const environments = environmentConfigs(config, file);
  const names = environments.map((e) => e.name);
  if (opts.environment !== undefined && !names.includes(opts.environment)) {
    throw new UsageError(
      `--environment: ${unknownNameMessage('environment', opts.environment, names)} in ${file}; it has ${names.join(', ')}`,
    );
  }
  if (opts.chartVersion !== undefined) for (const { config: merged } of environments) merged.chart.version = opts.chartVersion;
  return { environments };
}

/** The units to check, the files to write, the chart every environment shares, and the check when synth checks. */
interface SynthesizedOutput {
  readonly units: readonly SynthUnit[];
  readonly files: RenderedFiles;
  readonly sharedChart?: RenderedFiles;
  readonly checked?: Settled<SynthCheck>;
}

/**
 * The config itself, or every environment of it: the units to check, and the
 * files to write (with --environment, only that environment's, though every
 * environment is synthesized to know whether they share one Helm chart).
 * `packaging` renders the charts meanwhile; `whenRendered` runs as soon as
 * the units' manifests are (for a config without environments, before the
 * chart is awaited: the chart is not checked).
 */
async function synthesizeOutput(
  request: ChartsRequest,
  opts: SynthOptions,
  progress: Progress,
  stageOf: (environment?: string) => SynthStage,
  whenRendered: (units: readonly SynthUnit[]) => Settled<SynthCheck> | undefined,
): Promise<SynthesizedOutput> {
  if ('config' in request) {
    const { config } = request;
    return withPackaging(request, progress, stageOf, async (packaging) => {
      const bundles = stageOf()('synth', () => {
        // Built once: the package stage (perhaps in its worker) renders the chart from this app too.
        const app = buildTokenizedApp(config);
        packaging.share(app);
        return synthesizeBundles(config, undefined, app);
      });
      const checked = whenRendered([{ config, files: bundles }]);
      const files = new Map([...bundles, ...(await packaging.charts())]);
      return { units: [{ config, files }], files, checked };
    });
  }
  const { environments } = request;
  const synthesis = await withPackaging(request, progress, stageOf, async (packaging) => {
    const bundles = bundleEnvironments(environments, stageOf);
    return joinEnvironments(environments, bundles, await packaging.charts());
  });
  if (opts.environment === undefined) {
    return { units: synthesis.outputs, files: environmentsOutput(synthesis), checked: whenRendered(synthesis.outputs) };
  }
  const chosen = synthesis.outputs.filter((output) => output.name === opts.environment);
  return {
    units: chosen,
    files: chosen[0].files,
    ...(synthesis.chart.shared ? { sharedChart: synthesis.chart.files } : {}),
    checked: whenRendered(chosen),
  };
}

/**
 * The first chart (the shared one, or an environment's own) whose content
 * changed under the same version: a sentence asking for a new version.
 */
function chartVersionBump(opts: SynthOptions, out: string, files: RenderedFiles, units: readonly SynthUnit[]): string | undefined {
  const charts = [
    { dir: out, files, config: units[0].config },
    ...units.flatMap((unit) =>
      unit.name === undefined ? [] : [{ dir: join(opts.out, unit.name), files: unit.files, config: unit.config }],
    ),
  ];
  return charts
    .filter((chart) => [...chart.files.keys()].some((path) => path.startsWith(`helm/${chart.config.chart.name}/`)))
    .map((chart) => chartVersionBumpNeeded(chart.dir, chart.files, chart.config.chart.name, chart.config.chart.version))
    .find((bump) => bump !== undefined);
}

function sumCounts(counts: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const byKind of counts) for (const [kind, n] of Object.entries(byKind)) sum[kind] = (sum[kind] ?? 0) + n;
  return Object.fromEntries(Object.entries(sum).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The files synth owns in `outDir` outside `<environment>/`, as they are on
 * disk, and the environment's `files` under `<environment>/`: what makes
 * writing one environment leave the rest of its earlier output alone. When
 * every environment shares one Helm chart, `sharedChart` replaces `helm/`:
 * it holds this environment's `values-<environment>.yaml`.
 */
function withOtherEnvironments(outDir: string, environment: string, files: RenderedFiles, sharedChart?: RenderedFiles): RenderedFiles {
  const kept: RenderedFiles = new Map();
  // The shared chart replaces DIR/helm/ as a whole (a new version's .tgz replaces the old one).
  const replaced = (path: string) => path.startsWith(`${environment}/`) || (sharedChart !== undefined && path.startsWith('helm/'));
  if (inspectOutputDir(outDir) === 'ours') {
    for (const path of ownedFiles(outDir).keys()) {
      const file = join(outDir, path);
      if (!replaced(path) && existsSync(file)) kept.set(path, readFileSync(file));
    }
  }
  for (const [path, content] of files) kept.set(`${environment}/${path}`, content);
  for (const [path, content] of sharedChart ?? []) kept.set(path, content);
  return kept;
}

/** One line naming the files synth left alone, the first few by name. */
function foreignNote(out: string, foreign: readonly string[]): string {
  const shown = foreign.slice(0, 5).join(', ');
  const more = foreign.length > 5 ? ` and ${foreign.length - 5} more` : '';
  return `${count(foreign.length, 'file')} in ${out} not written by synth, left alone: ${shown}${more}`;
}

function describeConfig(config: Config): string {
  const environments = config.environments ? `; ${count(config.environments.length, 'environment')}` : '';
  return `${[count(config.buckets.length, 'bucket'), count(config.teams.length, 'team'), count(config.sparkApplications.length, 'Spark application')].join(', ')}${environments}`;
}
