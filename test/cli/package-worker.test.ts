import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { PACKAGE_WORKER_VARIABLE } from '../../lib/cli/packaging';
import { renderHelmChart } from '../../lib/helm/render-chart';
import { RenderedFiles } from '../../lib/rendered-files';
import { EXAMPLES, exampleConfig, readExample, ROOT, snapshotDir, tempDir } from '../helpers';

/*
 * synth packages the Helm chart in a worker thread beside its synth and check
 * when the config is large (lib/cli/packaging.ts), in its own thread when it
 * is small; MOUNTPOINT_S3_SPARK_PACKAGE_WORKER=always|never forces either.
 * Both ways must be indistinguishable but for the time they take.
 */

const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const { scaleConfig } = require('../../bench/scale-config') as { scaleConfig: (teams: number, mix?: string) => unknown };

type Mode = 'always' | 'never' | 'by size';

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function synth(mode: Mode, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const chosen = mode === 'by size' ? {} : { [PACKAGE_WORKER_VARIABLE]: mode };
  const environment = { ...process.env, ...chosen, ...env };
  if (mode === 'by size') delete environment[PACKAGE_WORKER_VARIABLE];
  const result = spawnSync(process.execPath, [CLI, 'synth', ...args], { cwd: ROOT, encoding: 'utf8', env: environment });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** The folder synth wrote (its bookkeeping included) for `args`, in a worker thread or not. */
function output(mode: Mode, args: string[]): Record<string, string> {
  const out = join(tempDir(), 'dist');
  const result = synth(mode, [...args, '--out', out]);
  if (result.status !== 0) throw new Error(`synth ${args.join(' ')} (${mode}) exited ${result.status}: ${result.stderr}`);
  return snapshotDir(out, true);
}

function configFile(data: unknown, name = 'platform.json'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** A platform of `teams` teams (bench/scale-config.js): 3 × teams teams, buckets and Spark applications. */
const scaled = (teams: number) => configFile(scaleConfig(teams));

/** The steps `synth --output json` reports. */
function steps(mode: Mode, config?: string): Array<{ name: string; start: number; seconds: number; thread: string; parallel: boolean }> {
  const result = synth(mode, [...(config === undefined ? [] : ['--config', config]), '--out', join(tempDir(), 'dist'), '--output', 'json']);
  return JSON.parse(result.stdout).steps;
}

/** The pod-csi example with a dev and a prod that differ only in a chart value: they share one chart. */
function sharedChartConfig(): string {
  const file = join(tempDir(), 'platform.yaml');
  const environments = `\nenvironments:\n  - name: dev\n  - name: prod\n    sparkApplications:\n      - name: taxi-trip\n        executor:\n          instances: 16\n`;
  writeFileSync(file, readExample('pod-csi.yaml') + environments);
  return file;
}

/** An example whose Spark conf and image carry text a careless transport or encoding would change. */
function hostileConfig(): string {
  const data = yaml.load(readExample('multi-team.yaml')) as { sparkApplications: Array<Record<string, unknown>> };
  data.sparkApplications[0].sparkConf = {
    'spark.x': '日本語 🚀 " \' {{ .Values }} ${x} \t end \ud83d',
    'spark.y': '-0',
    'spark.z': '1e300',
    'spark.empty': '',
  };
  return configFile(data, 'hostile.json');
}

describe('the chart packaged in a worker thread', () => {
  test.each([['the default config', []], ...EXAMPLES.map((example) => [example, ['--config', join('examples', example)]])])(
    '%s: the same files as packaged in the main thread',
    (_name, args) => {
      expect.hasAssertions();
      expect(output('always', args as string[])).toEqual(output('never', args as string[]));
    },
  );

  test.each([
    ['every environment (each with its own chart)', ['--config', 'examples/environments.yaml']],
    ['one environment, with its own chart', ['--config', 'examples/environments.yaml', '--environment', 'prod']],
    ['every environment sharing one chart', ['--config', sharedChartConfig()]],
    ['one environment of a shared chart', ['--config', sharedChartConfig(), '--environment', 'prod', '--chart-version', '2.0.0']],
  ])('%s: the same files as packaged in the main thread', (_name, args) => {
    expect.hasAssertions();
    expect(output('always', args)).toEqual(output('never', args));
  });

  test('text in every script, astral and lone surrogate, reaches the worker and its chart as in the main thread', () => {
    expect.hasAssertions();
    const args = ['--config', hostileConfig()];
    const inWorker = output('always', args);
    expect(inWorker).toEqual(output('never', args));
    expect(Object.values(inWorker).some((text) => text.includes('日本語 🚀'))).toBe(true);
  });

  test("a worker never given the synth stage's tokenized app builds its own and gives the same chart", async () => {
    expect.hasAssertions();
    // The compiled modules: a worker runs compiled JavaScript only.
    const { startPackageWorker } = require(
      join(ROOT, 'build', 'lib', 'cli', 'package-worker.js'),
    ) as typeof import('../../lib/cli/package-worker');
    const config = exampleConfig('pod-csi.yaml');
    const worker = startPackageWorker({ config });
    try {
      worker.share(undefined);
      const { charts } = await worker.result;
      const bytes = (files: RenderedFiles) => new Map([...files].map(([path, content]) => [path, Buffer.from(content)]));
      expect(bytes(charts as RenderedFiles)).toEqual(bytes(renderHelmChart(config)));
    } finally {
      worker.stop();
    }
  });

  test('a config of 500 teams is packaged in a worker by its size, and gives the files the main thread gives', () => {
    expect.hasAssertions();
    const config = scaled(500);
    expect(steps('by size', config).find((step) => step.name === 'package')?.thread).toBe('worker');
    expect(output('by size', ['--config', config])).toEqual(output('never', ['--config', config]));
  });

  test('the default config is packaged in the main thread: a worker would only add its start-up', () => {
    expect.hasAssertions();
    expect(steps('by size').map((step) => [step.name, step.thread])).toEqual([
      ['load config', 'main'],
      ['synth', 'main'],
      ['check (Kubernetes 1.30)', 'main'],
      ['package', 'main'],
      ['write', 'main'],
    ]);
  });
});

describe('synth --output json with a worker thread', () => {
  const config = scaled(20);
  const reported = steps('always', config);
  const overlaps = (a: (typeof reported)[number], b: (typeof reported)[number]) =>
    a.start < b.start + b.seconds && b.start < a.start + a.seconds;

  test('names the thread of every step: the package step ran in the worker, the others in the main thread', () => {
    expect.hasAssertions();
    expect(reported.map((step) => [step.name, step.thread])).toEqual([
      ['load config', 'main'],
      ['synth', 'main'],
      ['check (Kubernetes 1.31)', 'main'],
      ['package', 'worker'],
      ['write', 'main'],
    ]);
  });

  test("marks a step parallel exactly when another step's time overlaps its own; the main thread's steps never overlap", () => {
    expect.hasAssertions();
    for (const step of reported) expect(step.parallel).toBe(reported.some((other) => other !== step && overlaps(step, other)));
    const main = reported.filter((step) => step.thread === 'main');
    for (const step of main) expect(main.filter((other) => other !== step && overlaps(step, other))).toEqual([]);
  });

  test('the worker starts once the config is loaded and finishes before the write', () => {
    expect.hasAssertions();
    const byName = new Map(reported.map((step) => [step.name, step]));
    const [load, pack, write] = ['load config', 'package', 'write'].map((name) => byName.get(name)!);
    expect(pack.start).toBeGreaterThanOrEqual(load.start + load.seconds - 0.002);
    expect(write.start).toBeGreaterThanOrEqual(pack.start + pack.seconds - 0.002);
  });
});

describe('synth when the package stage fails in the worker thread', () => {
  /** A DIR holding an earlier output, and a snapshot of it (bookkeeping included). */
  function earlierOutput(): { out: string; before: Record<string, string> } {
    const out = join(tempDir(), 'dist');
    expect(synth('never', ['--out', out]).status).toBe(0);
    return { out, before: snapshotDir(out, true) };
  }

  test('a chart Helm would not load is the same one-line usage error (exit 2) as in the main thread, and DIR stays as it was', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('multi-team.yaml')) as { sparkApplications: Array<{ image: string }> };
    data.sparkApplications[0].image = `registry.example.com/${'a'.repeat(5 * 1024 * 1024)}:1`;
    const config = configFile(data);
    const { out, before } = earlierOutput();
    const results = (['always', 'never'] as const).map((mode) => synth(mode, ['--config', config, '--out', out]));
    expect(results[0]).toEqual(results[1]);
    expect(results[0].status).toBe(2);
    expect(results[0].stderr).toMatch(/^error: the Helm chart's spark-platform\/values\.yaml would be [0-9,]+ bytes, more than the .*\n$/);
    expect(snapshotDir(out, true)).toEqual(before);
  });

  test('an internal error thrown there is the same one-line internal error (exit 3) as in the main thread, and DIR stays as it was', () => {
    expect.hasAssertions();
    const { out, before } = earlierOutput();
    const fault = { MOUNTPOINT_S3_SPARK_FAULT: 'package#1:throw' };
    const results = (['always', 'never'] as const).map((mode) => synth(mode, ['--config', 'examples/pod-csi.yaml', '--out', out], fault));
    expect(results[0]).toEqual(results[1]);
    expect([results[0].status, results[0].stderr]).toEqual([3, 'internal error: fault injected at package#1\n']);
    expect(snapshotDir(out, true)).toEqual(before);
  });

  test('a worker thread that dies without a word (as out of memory) is one internal error line, exit 3, and DIR stays as it was', () => {
    expect.hasAssertions();
    const { out, before } = earlierOutput();
    const result = synth('always', ['--config', 'examples/pod-csi.yaml', '--out', out], { MOUNTPOINT_S3_SPARK_FAULT: 'package#1' });
    expect([result.status, result.stderr]).toEqual([
      3,
      'internal error: the worker thread packaging the Helm chart stopped (exit code 1) before it finished\n',
    ]);
    expect(snapshotDir(out, true)).toEqual(before);
  });
});

describe('synth stopped while its worker thread packages', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s ends the process, the worker with it, and leaves DIR as it was', async (signal) => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(synth('never', ['--out', out]).status).toBe(0);
    const before = snapshotDir(out, true);
    const child = spawn(process.execPath, [CLI, 'synth', '--config', scaled(300), '--out', out, '--verbose'], {
      env: { ...process.env, [PACKAGE_WORKER_VARIABLE]: 'always' },
    });
    let stderr = '';
    // The worker starts as soon as the config is loaded.
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('load config')) child.kill(signal);
    });
    const [code, endedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    expect([code, endedBy]).toEqual([null, signal]);
    expect(snapshotDir(out, true)).toEqual(before);
  });
});
