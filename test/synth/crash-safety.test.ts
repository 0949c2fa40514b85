import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, runCli, snapshotDir, tempDir } from '../helpers';

/**
 * Each write runs in a child process that may kill itself with SIGKILL at a
 * fault point (MOUNTPOINT_S3_SPARK_FAULT=step#n, lib/synth/fault-point.ts):
 * no finally block, no cleanup, as with kill -9 or a power cut of the process.
 */
const WRITE = `
  const { writeOutput } = require(${JSON.stringify(join(ROOT, 'build', 'lib', 'synth', 'write.js'))});
  writeOutput(process.argv[1], new Map(Object.entries(JSON.parse(process.argv[2]))));
`;

type Output = Record<string, string>;

const OLD: Output = { 'a.yaml': 'old a\n', 'sub/b.yaml': 'old b\n', 'gone/deep/c.yaml': 'old c\n', 'same.yaml': 'same\n' };
const NEW: Output = { 'a.yaml': 'new a\n', 'sub/b.yaml': 'new b\n', 'added/d.yaml': 'new d\n', 'same.yaml': 'same\n', 'e.yaml': 'new e\n' };
const FOREIGN: Output = { 'values-prod.yaml': 'mine\n', 'sub/notes.txt': 'mine too\n' };

function write(out: string, files: Output, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['-e', WRITE, out, JSON.stringify(files)], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** An earlier output with files of the user's beside it. */
function previousOutput(): string {
  const out = join(tempDir(), 'dist');
  expect(write(out, OLD).status).toBe(0);
  for (const [path, content] of Object.entries(FOREIGN)) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
  return out;
}

/** Every fault point an uninterrupted write from OLD to NEW passes, in order. */
function faultPoints(): string[] {
  const out = previousOutput();
  const trace = join(dirname(out), 'trace');
  expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT_TRACE: trace }).status).toBe(0);
  return readFileSync(trace, 'utf8').trim().split('\n');
}

const points = faultPoints();

describe('a write killed at any step', () => {
  test('passes every kind of filesystem step (the list the crash test walks)', () => {
    expect.hasAssertions();
    const kinds = new Set(points.map((point) => point.replace(/#\d+$/, '')));
    expect([...kinds].sort()).toEqual(
      [
        'commit',
        'create-staging',
        'finish-journal',
        'lock',
        'lock-prepare',
        'manifest',
        'prepare-journal',
        'prepare-manifest',
        'remove',
        'remove-folder',
        'remove-staging',
        'replace',
        'create-folder',
        'stage',
        'unlock',
      ].sort(),
    );
  });

  test.each(points)(
    'killed after %s: every file is wholly old or wholly new, the next synth finishes the new output and leaves nothing behind',
    (point) => {
      expect.hasAssertions();
      const out = previousOutput();

      const killed = write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT: point });
      expect(killed.signal).toBe('SIGKILL');

      const after = snapshotDir(out);
      const committed = existsSync(join(out, '.mountpoint-s3-spark', 'journal.json'));
      if (committed) {
        // Between the commit and its end: each file is one version or the other; the journal lists what is left to do.
        for (const path of new Set([...Object.keys(OLD), ...Object.keys(NEW)])) expect([OLD[path], NEW[path]]).toContain(after[path]);
        for (const [path, content] of Object.entries(FOREIGN)) expect(after[path]).toBe(content);
      } else {
        expect([
          { ...OLD, ...FOREIGN },
          { ...NEW, ...FOREIGN },
        ]).toContainEqual(after);
      }

      expect(write(out, NEW).status).toBe(0);
      expect(snapshotDir(out)).toEqual({ ...NEW, ...FOREIGN });
      expect(readdirSync(join(out, '.mountpoint-s3-spark'))).toEqual(['manifest.json']);
      expect(existsSync(join(out, 'gone'))).toBe(false);
    },
  );

  /** The fault points of the run that recovers from a crash at `first`. */
  function recoveryPoints(first: string): string[] {
    const out = previousOutput();
    expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT: first }).signal).toBe('SIGKILL');
    const trace = join(dirname(out), 'trace');
    expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT_TRACE: trace }).status).toBe(0);
    return readFileSync(trace, 'utf8').trim().split('\n');
  }

  // A crash after the commit (rolled forward): the recovery is killed at each of its steps. A crash before it (rolled
  // back): at the recovery's own steps; the write that follows is the one the first test.each already covers.
  const recoveries = [
    ...recoveryPoints('replace#2').map((second) => ['replace#2', second]),
    ...recoveryPoints('stage#2')
      .filter((second) => /^(lock-stale|recover-)/.test(second))
      .map((second) => ['stage#2', second]),
  ];

  test.each(recoveries)(
    'killed after %s and its recovery killed after %s: a third synth still ends with exactly the new output',
    (first, second) => {
      expect.hasAssertions();
      const out = previousOutput();
      expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT: first }).signal).toBe('SIGKILL');
      expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT: second }).signal).toBe('SIGKILL');

      expect(write(out, NEW).status).toBe(0);
      expect(snapshotDir(out)).toEqual({ ...NEW, ...FOREIGN });
      expect(readdirSync(join(out, '.mountpoint-s3-spark'))).toEqual(['manifest.json']);
    },
  );

  test('a folder replaced by a link between a crash and the next synth is not written through when that synth finishes the write', () => {
    const out = previousOutput();
    expect(write(out, NEW, { MOUNTPOINT_S3_SPARK_FAULT: 'commit#1' }).signal).toBe('SIGKILL');
    const elsewhere = join(dirname(out), 'elsewhere');
    mkdirSync(elsewhere);
    // added/ is new in NEW: it does not exist yet when the journal is committed, and the replay would create it.
    symlinkSync(elsewhere, join(out, 'added'));

    const recovery = write(out, NEW);

    expect({ status: recovery.status, linkedTo: readdirSync(elsewhere) }).toEqual({ status: 1, linkedTo: [] });
    expect(recovery.stderr).toContain('a folder above it is a symbolic link or a file; synth does not write through links');
  });

  test('a synth killed while replacing files is finished by the next synth: the folder is then exactly the new output', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--config', 'examples/pod-csi.yaml', '--out', out]).status).toBe(0);
    const cli = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
    const killed = spawnSync(process.execPath, [cli, 'synth', '--out', out], {
      env: { ...process.env, MOUNTPOINT_S3_SPARK_FAULT: 'replace#3' },
      encoding: 'utf8',
    });
    expect(killed.signal).toBe('SIGKILL');

    expect(runCli(['synth', '--out', out]).status).toBe(0);

    expect(runCli(['synth', '--check', '--out', out]).stdout).toMatch(/is up to date/);
    expect(readdirSync(join(out, '.mountpoint-s3-spark'))).toEqual(['manifest.json']);
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  });
});
