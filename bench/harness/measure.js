'use strict';
// How a row module times a command: wall and CPU seconds and peak RSS of one
// process tree, from GNU time when it is there (its report goes to a file of
// its own, not into the command's stderr), else from the wall clock and, for
// Node commands, a preload that writes the process's own resource usage.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const GNU_TIME = '/usr/bin/time';
const MAX_BUFFER = 1 << 30;

/**
 * One run of `command args`: { status, stdout, stderr, seconds, cpu, mib }.
 * `cpu` (user + system) and `mib` are NaN where they cannot be known.
 */
function measure(command, args, { dir, env = process.env, input } = {}) {
  const report = join(dir, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  try {
    if (existsSync(GNU_TIME)) {
      const result = spawnSync(GNU_TIME, ['-o', report, '-f', '%e %U %S %M', command, ...args], {
        encoding: 'utf8',
        maxBuffer: MAX_BUFFER,
        env,
        input,
      });
      const [seconds, user, system, kib] = readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      return { ...outcome(result), seconds, cpu: user + system, mib: kib / 1024 };
    }
    const preload = command === process.execPath ? ['--require', join(__dirname, 'report-usage.js')] : [];
    const start = process.hrtime.bigint();
    const result = spawnSync(command, [...preload, ...args], {
      encoding: 'utf8',
      maxBuffer: MAX_BUFFER,
      env: { ...env, MPS_BENCH_USAGE_FILE: report },
      input,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const usage = preload.length && existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
    return {
      ...outcome(result),
      seconds,
      cpu: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1e6 : NaN,
      mib: usage ? usage.maxRSS / 1024 : NaN,
    };
  } finally {
    rmSync(report, { force: true });
  }
}

function outcome(result) {
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function median(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * `runs` runs of each command, the commands taking turns so that all of them
 * see the same machine load; per command the median wall and CPU seconds,
 * the highest peak RSS, and the last run's outcome. `args` may be a function
 * of the run's index (0, 1, …), e.g. for a fresh output folder per run.
 */
function race(commands, { runs, dir }) {
  const all = commands.map(() => []);
  for (let run = 0; run < runs; run++)
    commands.forEach(({ command, args, env, input }, i) =>
      all[i].push(measure(command, typeof args === 'function' ? args(run) : args, { dir, env, input })),
    );
  return all.map((measured) => ({
    ...measured[measured.length - 1],
    seconds: median(measured.map((m) => m.seconds)),
    cpu: median(measured.map((m) => m.cpu)),
    mib: Math.max(...measured.map((m) => m.mib)),
    runs: measured.length,
  }));
}

module.exports = { measure, median, race };
