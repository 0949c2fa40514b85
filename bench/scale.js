#!/usr/bin/env node
// `npm run bench` (after bench/check.js): the compiled CLI's full `synth`
// (config validation, manifests, Helm packaging, check, write) of platforms
// with 1, 10, 100 and 1,000 teams (bench/scale-config.js), and in the same
// run `helm template` of the chart it emitted. Targets at 1,000 teams on the
// 2-core dev machine: ≤ 10 s wall, ≤ 1 GiB peak RSS, and ≤ 12× the time of
// 100 teams (linear growth). A report, not a test.
'use strict';
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { measured, printTable } = require('./measure');
const { scaleConfig } = require('./scale-config');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const HELM = join(ROOT, '.tools', 'helm');
const SIZES = [1, 10, 100, 1000];
const MAX_SECONDS = 10;
const MAX_MIB = 1024;
const MAX_GROWTH = 12;

function row(teams, dir) {
  const config = join(dir, `teams-${teams}.json`);
  writeFileSync(config, JSON.stringify(scaleConfig(teams)));
  const out = join(dir, `dist-${teams}`);
  const synth = measured(process.execPath, [CLI, 'synth', '--config', config, '--out', out, '--output', 'json', '--quiet']);
  if (synth.result.status !== 0) throw new Error(`synth of ${teams} teams failed:\n${synth.result.stderr}`);
  const summary = JSON.parse(synth.result.stdout);
  const chart = summary.files.find((f) => f.path.endsWith('.tgz')).path;
  const helm = existsSync(HELM) ? measured(HELM, ['template', 'bench', join(out, chart)]) : undefined;
  if (helm && helm.result.status !== 0) throw new Error(`helm template of ${teams} teams failed:\n${helm.result.stderr}`);
  return { teams, objects: summary.objects.total, ...synth, helm };
}

function verdict(r, hundred) {
  const over = [];
  if (r.seconds > MAX_SECONDS) over.push(`> ${MAX_SECONDS} s`);
  if (r.mib > MAX_MIB) over.push(`> ${MAX_MIB} MiB`);
  if (r.teams === 1000 && hundred && r.seconds > MAX_GROWTH * hundred.seconds) over.push(`> ${MAX_GROWTH}× 100 teams`);
  return over.length ? `OVER (${over.join(', ')})` : 'ok';
}

const dir = mkdtempSync(join(tmpdir(), 'mps-bench-scale-'));
try {
  console.log(
    `synth (check + Helm packaging) by platform size; targets at 1,000 teams: ≤ ${MAX_SECONDS} s, ≤ ${MAX_MIB} MiB, ≤ ${MAX_GROWTH}× 100 teams`,
  );
  if (!existsSync(HELM)) console.log(`(${HELM} missing: run npm run install-tools for the helm template column)`);
  const header = ['teams', 'objects', 'wall s', 'peak MiB', 'objects/s', 'helm template s', 'ours/helm', 'target'];
  const rows = [];
  for (const teams of SIZES) rows.push(row(teams, dir));
  const hundred = rows.find((r) => r.teams === 100);
  const table = rows.map((r) => [
    r.teams.toLocaleString('en-US'),
    r.objects.toLocaleString('en-US'),
    r.seconds.toFixed(2),
    r.mib.toFixed(0),
    Math.round(r.objects / r.seconds).toLocaleString('en-US'),
    r.helm ? r.helm.seconds.toFixed(2) : '-',
    r.helm ? (r.seconds / r.helm.seconds).toFixed(1) : '-',
    verdict(r, hundred),
  ]);
  printTable(header, table);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
