#!/usr/bin/env node
// `npm run bench`: every row module of bench/rows/ (see bench/README.md), each
// in a process group of its own with a time bound, in one combined table with
// targets, verdicts and the machine it ran on. A report, not a test: the exit
// code is 1 only when a row crashed, never for a row over its target.
//
//   node bench/run.js [--markdown] [--only ID,…] [--runs N] [--tiny] [--list]
'use strict';
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const { basename, join, resolve } = require('node:path');
const table = require('./harness/table');

// Node reads the whole file NODE_EXTRA_CA_CERTS names when it starts, before
// any code runs (about 40 ms for Debian's system bundle, twice what Node's own
// start takes); helm reads certificates only for a TLS connection. Every
// command is measured without it; the startup row adds one run with it.
const CA_CERTS_VARIABLE = 'NODE_EXTRA_CA_CERTS';
const extraCaCerts = process.env[CA_CERTS_VARIABLE];
const rowEnv = { ...process.env };
delete rowEnv[CA_CERTS_VARIABLE];

const USAGE = `usage: node bench/run.js [options]
  --markdown       print the table as Markdown (for the README's Benchmarks section)
  --only ID,...    run these rows only (ids: the file names of bench/rows/, see --list)
  --runs N         runs per measurement, medians reported (default 3; 1 with --tiny); a row may
                   need more: synth-steps runs each size max(N, 5) times, max(N, 3) at 10,000 teams
  --tiny           the smallest sizes: proves every row works, in seconds; its figures mean nothing
  --rows DIR       the row modules to run (default bench/rows)
  --list           print the row ids, titles and time bounds, run nothing`;

function options(argv) {
  const o = { markdown: false, only: undefined, runs: undefined, tiny: false, rows: join(__dirname, 'rows'), list: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--markdown':
        o.markdown = true;
        break;
      case '--tiny':
        o.tiny = true;
        break;
      case '--list':
        o.list = true;
        break;
      case '--only':
        o.only = value().split(',').filter(Boolean);
        break;
      case '--rows':
        o.rows = resolve(value());
        break;
      case '--runs':
        o.runs = Number(value());
        if (!Number.isInteger(o.runs) || o.runs < 1) usage('--runs takes a whole number ≥ 1');
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  o.runs ??= o.tiny ? 1 : 3;
  return o;
}

function usage(message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

/** The row modules of `dir`, in table order (their `order`, then their id). */
function registry(dir) {
  const benches = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const file = join(dir, f);
      const bench = require(file);
      const id = basename(f, '.js');
      for (const key of ['title', 'order', 'timeoutSeconds', 'run'])
        if (bench[key] === undefined) throw new Error(`bench/rows: ${f} exports no ${key} (see bench/README.md)`);
      return { id, file, ...bench };
    });
  return benches.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Runs one row module in its own process group; kills the group when its time is up. */
function runRow(bench, o) {
  const dir = mkdtempSync(join(os.tmpdir(), `mps-bench-${bench.id}-`));
  const results = join(dir, '.rows.jsonl');
  const tools = {};
  for (const [name, tool] of Object.entries(bench.tools ?? {})) {
    tools[name] = tool.find();
    if (!tools[name]) {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve([{ skipped: `${name} not found (${tool.hint})` }]);
    }
  }
  const limit = bench.timeoutSeconds;
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'harness', 'run-row.js'),
      bench.file,
      results,
      JSON.stringify({ tiny: o.tiny, runs: o.runs, tools, dir, extraCaCerts }),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: rowEnv },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, limit * 1000);
  running.add(child.pid);
  return new Promise((done) => {
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await killGroupAndWait(child.pid); // and whatever the row left behind, before the next row is measured
      running.delete(child.pid);
      const rows = existsSync(results)
        ? readFileSync(results, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [];
      if (process.env.BENCH_KEEP) console.error(`  kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
      if (timedOut) rows.push({ case: rows.length ? 'the rest' : '', timeout: limit });
      else if (code !== 0) rows.push({ failed: `${signal ?? `exit ${code}`}: ${lastLine(output)}` });
      else if (!rows.length) rows.push({ failed: 'the row reported nothing' });
      done(rows);
    });
  });
}

const running = new Set();

/** Sends SIGKILL to the process group of `pid`; false when no process of it is left. */
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** Kills the process group of `pid` and waits (at most 5 s) until none of it is left. */
async function killGroupAndWait(pid) {
  for (let waited = 0; killGroup(pid) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

function lastLine(output) {
  const lines = output.trim().split('\n');
  const error = lines.find((l) => /^\w*Error\b/.test(l));
  return (error ?? lines[lines.length - 1] ?? '').slice(0, 300);
}

async function main() {
  const o = options(process.argv.slice(2));
  let benches = registry(o.rows);
  if (o.only) {
    const unknown = o.only.filter((id) => !benches.some((b) => b.id === id));
    if (unknown.length) usage(`no row ${unknown.join(', ')} (rows: ${benches.map((b) => b.id).join(', ')})`);
    benches = benches.filter((b) => o.only.includes(b.id));
  }
  if (o.list) {
    for (const b of benches) console.log(`${b.id}  ${b.title}  (≤ ${b.timeoutSeconds} s)`);
    return;
  }
  const loadAtStart = os.loadavg();
  const started = Date.now();
  const groups = [];
  for (const [i, bench] of benches.entries()) {
    process.stderr.write(`bench [${i + 1}/${benches.length}] ${bench.id} (time bound ${bench.timeoutSeconds} s)…\n`);
    const t = Date.now();
    groups.push({ title: bench.title, rows: await runRow(bench, o) });
    process.stderr.write(`  ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const when = new Date(started).toISOString().replace(/\.\d+Z$/, 'Z');
  const runs = `${o.runs === 1 ? 'one run per measurement' : `medians of ${o.runs} runs`}${o.tiny ? ', TINY sizes (a smoke run: the figures mean nothing)' : ''}`;
  const caCerts = extraCaCerts ? `; ${CA_CERTS_VARIABLE} (set here) unset for every command but the row that names it` : '';
  const about = `${runs}; ratios compare tools measured in the same run, taking turns; peak MiB is the highest resident set size of a run${caCerts}`;
  if (o.markdown) {
    console.log(`${table.markdown(groups)}\n\n${when} on ${table.machine(loadAtStart)}; ${about}.`);
  } else {
    console.log(`mountpoint-s3-spark benchmarks, ${when}\nmachine: ${table.machine(loadAtStart)}\n${about}\n\n${table.text(groups)}`);
  }
  if (groups.some((g) => g.rows.some((r) => r.failed))) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
