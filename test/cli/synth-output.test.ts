import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { synthCommand } from '../../lib/cli/synth';
import { Terminal } from '../../lib/cli/terminal';
import { exampleConfig, ROOT, runCli, snapshotDir, synthObjects, tempDir } from '../helpers';

const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');

/** Runs synth in-process with a recording terminal for standard error. */
async function synthWith(terminal: Omit<Terminal, 'write'>, args: { quiet?: boolean; verbose?: boolean } = {}) {
  const out = join(tempDir(), 'dist');
  const stdout: string[] = [];
  const stderr: string[] = [];
  await synthCommand(
    { config: 'examples/multi-team.yaml', out, ...args },
    { stdout: (t) => stdout.push(t), stderr: { ...terminal, write: (t) => stderr.push(t) } },
  );
  return { out, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('synth progress', () => {
  test('on a terminal, every step appears with its counts and time, then the result', async () => {
    const { out, stdout, stderr } = await synthWith({ interactive: true, color: false });
    const finished = stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\r\x1b[K').pop());
    expect(finished.map((line) => line?.replace(/ {2}\d+\.\d+ s$/, ''))).toEqual([
      '✓ load config  4 buckets, 2 teams, 2 Spark applications',
      expect.stringMatching(/^✓ synth {2}\d+ objects, \d+ files$/),
      expect.stringMatching(/^✓ check \(Kubernetes 1\.31\) {2}\d+ objects valid, 1 skipped$/),
      expect.stringMatching(/^✓ package {2}\d+ files$/),
      `✓ write  ${Object.keys(snapshotDir(out)).length} files to ${out}`,
    ]);
    expect(stdout).toBe(`wrote ${Object.keys(snapshotDir(out)).length} files to ${out}\n`);
  });

  test('in CI or a pipe, only the result line', async () => {
    const { stdout, stderr } = await synthWith({ interactive: false, color: false });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^wrote \d+ files to .*\n$/);
  });

  test('--verbose in CI: a plain line per step, and the objects per kind', async () => {
    const { stderr } = await synthWith({ interactive: false, color: false }, { verbose: true });
    expect(stderr).not.toMatch(/[\r\x1b]/);
    expect(stderr).toMatch(/^load config {2}4 buckets/);
    expect(stderr).toContain('\n  ScheduledSparkApplication 1\n  ServiceAccount 5\n  SparkApplication 1\n');
  });

  test('--quiet: nothing on either stream, and the output is written', async () => {
    const { out, stdout, stderr } = await synthWith({ interactive: true, color: true }, { quiet: true });
    expect(stdout + stderr).toBe('');
    expect(existsSync(join(out, 'manifests', 'kustomization.yaml'))).toBe(true);
  });
});

describe('synth --output json', () => {
  const out = join(tempDir(), 'dist');
  const result = runCli(['synth', '--config', 'examples/multi-team.yaml', '--out', out, '--output', 'json']);
  const summary = JSON.parse(result.stdout);

  test('is the only thing on standard output', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(summary).toMatchObject({ config: 'examples/multi-team.yaml', out, result: 'written' });
  });

  test('lists the files written with their sizes', () => {
    const written = snapshotDir(out);
    expect(summary.files.map((f: { path: string }) => f.path)).toEqual(Object.keys(written).sort());
    const overview = summary.files.find((f: { path: string }) => f.path === 'OVERVIEW.md');
    expect(overview.bytes).toBe(Buffer.byteLength(written['OVERVIEW.md']));
  });

  test('counts the objects per kind', () => {
    const expected: Record<string, number> = {};
    for (const object of synthObjects(exampleConfig('multi-team.yaml'))) expected[object.kind] = (expected[object.kind] ?? 0) + 1;
    expect(summary.objects.byKind).toEqual(expected);
    expect(summary.objects.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });

  test('gives the check verdict and the time of every step', () => {
    expect(summary.check).toMatchObject({ verdict: 'valid', kubernetesVersion: '1.31', invalid: 0 });
    expect(summary.steps.map((s: { name: string }) => s.name)).toEqual([
      'load config',
      'synth',
      'check (Kubernetes 1.31)',
      'package',
      'write',
    ]);
    expect(summary.steps.every((s: { seconds: number; cpuSeconds: number }) => s.seconds >= 0 && s.cpuSeconds >= 0)).toBe(true);
    expect(summary.seconds).toBeGreaterThanOrEqual(
      summary.steps.reduce((sum: number, s: { seconds: number }) => sum + s.seconds, 0) - 0.005,
    );
  });

  test('with --check, says whether the directory is current, and which files differ', () => {
    const current = JSON.parse(
      runCli(['synth', '--config', 'examples/multi-team.yaml', '--out', out, '--check', '--output', 'json']).stdout,
    );
    expect(current).toMatchObject({ result: 'up-to-date', differing: [], check: { verdict: 'not-run' } });
    const other = runCli(['synth', '--out', out, '--check', '--output', 'json']);
    expect(other.status).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ result: 'out-of-date', differing: expect.arrayContaining(['OVERVIEW.md']) });
  });
});

test('--quiet and --verbose together are a usage error', () => {
  const result = runCli(['synth', '--quiet', '--verbose', '--out', join(tempDir(), 'dist')]);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("option '-q, --quiet' cannot be used with option '-v, --verbose'");
});

test.each(['synth', 'check', 'validate', 'init'])('%s --help shows examples', (command) => {
  const result = runCli([command, '--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n {2}\\$ mountpoint-s3-spark ${command}`));
});

test('check --quiet prints nothing when everything is valid', () => {
  const out = join(tempDir(), 'dist');
  runCli(['synth', '--out', out]);
  const result = runCli(['check', join(out, 'manifests'), '--quiet']);
  expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
});

// Through a real pseudo-terminal: what a person at a terminal sees. script(1)
// comes with Debian's essential util-linux, so a missing one is a failure.
describe('in a real terminal (script(1))', () => {
  const inTerminal = (args: string, env: Record<string, string> = {}) => {
    const script = ['/usr/bin/script', '/bin/script'].find(existsSync);
    if (!script) throw new Error('script(1) from util-linux is missing');
    const command = `${process.execPath} ${CLI} ${args}`;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['CI', 'NO_COLOR', 'TERM'].includes(key)));
    return spawnSync(script, ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...clean, TERM: 'xterm', ...env } }).stdout;
  };

  test('synth shows coloured progress', () => {
    const seen = inTerminal(`synth --out ${join(tempDir(), 'dist')}`);
    expect(seen).toContain('\x1b[32m✓\x1b[39m load config');
    expect(seen).toContain('\r\x1b[K');
  });

  test('CI=true keeps it to the result line', () => {
    expect(inTerminal(`synth --out ${join(tempDir(), 'dist')}`, { CI: 'true' })).toMatch(/^wrote \d+ files to .*\r?\n$/);
  });

  test('errors are coloured, unless NO_COLOR', () => {
    expect(inTerminal('validate --config no-such.yaml')).toContain('\x1b[31mcannot read config: file not found\x1b[39m');
    expect(inTerminal('validate --config no-such.yaml', { NO_COLOR: '1' })).not.toContain('\x1b[');
  });
});
