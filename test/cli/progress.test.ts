import { count, formatSeconds, Progress, Verbosity, verbosityOf } from '../../lib/cli/progress';
import { Terminal } from '../../lib/cli/terminal';

/** A terminal that records what is written, a clock that advances 250 ms per reading and a CPU clock 100 ms. */
function setup(interactive: boolean, verbosity: Verbosity, color = false) {
  const output: string[] = [];
  const terminal: Terminal = { write: (text) => output.push(text), interactive, color };
  let now = 0;
  let cpu = 0;
  const progress = new Progress(
    terminal,
    verbosity,
    () => (now += 250),
    () => (cpu += 100_000),
  );
  return { progress, text: () => output.join('') };
}

describe('Progress on an interactive terminal', () => {
  test('shows a step while it runs, then replaces that line with counts and time', () => {
    const { progress, text } = setup(true, 'normal');
    progress.step(
      'synth',
      () => 6012,
      (n) => count(n, 'object'),
    );
    expect(text()).toBe('… synth\r\x1b[K✓ synth  6,012 objects  0.25 s\n');
  });

  test('marks a failed step and passes the error on', () => {
    const { progress, text } = setup(true, 'normal');
    expect(() =>
      progress.step('load config', () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(text()).toBe('… load config\r\x1b[K✗ load config\n');
  });

  test('colours the marks when the terminal takes colour', () => {
    const { progress, text } = setup(true, 'normal', true);
    progress.step('write', () => undefined);
    expect(text()).toContain('\x1b[32m✓\x1b[39m write');
  });

  test('--quiet shows nothing', () => {
    const { progress, text } = setup(true, 'quiet');
    progress.step('synth', () => 1);
    progress.detail('Namespace 2');
    expect(text()).toBe('');
  });

  test('--verbose adds detail lines', () => {
    const { progress, text } = setup(true, 'verbose');
    progress.detail('Namespace 2');
    expect(text()).toBe('  Namespace 2\n');
  });
});

describe('Progress in CI or a pipe', () => {
  test('is silent by default', () => {
    const { progress, text } = setup(false, 'normal');
    progress.step(
      'synth',
      () => 1,
      () => '1 object',
    );
    progress.detail('Namespace 2');
    expect(text()).toBe('');
  });

  test('--verbose prints one plain line per finished step, no control characters', () => {
    const { progress, text } = setup(false, 'verbose');
    progress.step(
      'synth',
      () => 1,
      () => '1 object',
    );
    progress.step('write', () => undefined);
    expect(text()).toBe('synth  1 object  0.25 s\nwrite  0.25 s\n');
  });
});

test('records every finished step with its time and CPU time, and the time since the start', () => {
  const { progress } = setup(false, 'quiet');
  progress.step('a', () => 1);
  progress.step(
    'b',
    () => 2,
    () => 'two',
  );
  expect(progress.steps).toEqual([
    { name: 'a', start: 0.25, seconds: 0.25, cpuSeconds: 0.1, summary: '', thread: 'main' },
    { name: 'b', start: 0.75, seconds: 0.25, cpuSeconds: 0.1, summary: 'two', thread: 'main' },
  ]);
  expect(progress.elapsed()).toBe(1.25);
});

describe('steps of a worker thread', () => {
  test('are recorded as the worker timed them, their start on this clock made relative to the command', () => {
    const { progress } = setup(false, 'quiet');
    progress.add({ name: 'package', start: 1000, seconds: 2, cpuSeconds: 1.5 }, '45 files');
    expect(progress.steps).toEqual([{ name: 'package', start: 0.75, seconds: 2, cpuSeconds: 1.5, summary: '45 files', thread: 'worker' }]);
  });

  test('--verbose: the line names the steps of this thread that ran beside it', () => {
    const { progress, text } = setup(false, 'verbose');
    progress.step('synth', () => 1);
    progress.step('check', () => 1);
    // The command started at 250 ms: synth ran from 0.25 s to 0.5 s, check from 0.75 s to 1 s.
    progress.add({ name: 'package', start: 250, seconds: 1, cpuSeconds: 0.8 }, '45 files');
    expect(text().split('\n')[2]).toBe('package  45 files  1.00 s, in a worker thread beside synth, check');
  });

  test('on a terminal, show while waited for, and the line replaces the waiting one', async () => {
    const { progress, text } = setup(true, 'normal');
    const charts = await progress.waitFor('package', Promise.resolve('charts'));
    progress.add({ name: 'package', start: 0, seconds: 0.5, cpuSeconds: 0.4 });
    expect([charts, text()]).toEqual(['charts', '… package\r\x1b[K\r\x1b[K✓ package  0.50 s\n']);
  });

  test('a worker that failed marks the step it was waited for and passes the error on', async () => {
    const { progress, text } = setup(true, 'normal');
    await expect(progress.waitFor('package', Promise.reject(new Error('bad')))).rejects.toThrow('bad');
    expect(text()).toBe('… package\r\x1b[K✗ package\n');
  });
});

test('counts and seconds read as a person writes them', () => {
  expect([count(1, 'file'), count(1000, 'file'), count(2, 'file differs', 'files differ')]).toEqual([
    '1 file',
    '1,000 files',
    '2 files differ',
  ]);
  expect([formatSeconds(0.123), formatSeconds(12.34)]).toEqual(['0.12 s', '12.3 s']);
});

test('--quiet and --verbose choose the verbosity', () => {
  expect([verbosityOf({}), verbosityOf({ quiet: true }), verbosityOf({ verbose: true })]).toEqual(['normal', 'quiet', 'verbose']);
});
