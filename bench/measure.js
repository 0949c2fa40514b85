'use strict';
// Shared by the benchmarks: how a command is timed and how a result table is printed.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const TIME = '/usr/bin/time';

/** Wall seconds and peak RSS (MiB) of a command: GNU time when present, else the wall clock and a preload that reports Node's own maxRSS. */
function measured(command, args) {
  if (existsSync(TIME)) {
    const result = spawnSync(TIME, ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const [seconds, kib] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
    return { result, seconds, mib: kib / 1024 };
  }
  const rssFile = join(tmpdir(), `mps-bench-rss-${process.pid}`);
  const preload = command === process.execPath ? ['--require', join(__dirname, 'report-rss.js')] : [];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, [...preload, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, MPS_BENCH_RSS_FILE: rssFile },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mib = preload.length && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  return { result, seconds, mib };
}

/** Right-aligned columns, the last (the verdict) left-aligned. */
function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((cells) => cells[i].length)));
  for (const cells of [header, ...rows]) console.log(cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]))).join('  '));
}

module.exports = { measured, printTable };
