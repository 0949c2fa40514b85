#!/usr/bin/env node
// `npm run bench`: `check` (schemas + CEL + API-server rules + wiring) against
// kubeconform (schemas only) on the same ~5,000 objects (the synth output of a
// scale-config platform) and the same schema directory, in the same run.
// Target on the 2-core dev machine: check ≤ 0.7× kubeconform's wall time.
// kubeconform comes from $KUBECONFORM or PATH (none can be downloaded here);
// without it the row says so. A report, not a test.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { scaleConfig } = require('./scale-config');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const { findKubeconform } = require(join(ROOT, 'build', 'lib', 'check', 'kubeconform'));
const { KUBECONFORM_SCHEMA_LOCATION } = require(join(ROOT, 'build', 'lib', 'check', 'schema-registry'));
const TEAMS = 580; // 8.6 objects per team: just over 5,000 objects
const RUNS = 3;
const TARGET = 0.7;

function timed(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Best wall time of RUNS runs, the two tools alternating so both see the same machine load. */
function race(commands) {
  const best = commands.map(() => Infinity);
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    commands.forEach(([command, args], i) => {
      const { result, seconds } = timed(command, args);
      best[i] = Math.min(best[i], seconds);
      results[i] = result;
    });
  }
  return { best, results };
}

const dir = mkdtempSync(join(tmpdir(), 'mps-bench-kubeconform-'));
try {
  const config = join(dir, 'platform.json');
  writeFileSync(config, JSON.stringify(scaleConfig(TEAMS)));
  const out = join(dir, 'dist');
  const synth = spawnSync(process.execPath, [CLI, 'synth', '--config', config, '--out', out, '--output', 'json', '--quiet', '--no-check'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
  const objects = JSON.parse(synth.stdout).objects.total;
  const manifests = join(out, 'manifests');
  const check = [process.execPath, [CLI, 'check', manifests, '--kubernetes-version', '1.30.0']];
  const kubeconform = findKubeconform(undefined);
  if (!kubeconform) {
    const { best, results } = race([check]);
    console.log(`check vs kubeconform, ${objects.toLocaleString('en-US')} objects: check ${best[0].toFixed(2)} s (exit ${results[0].status}); kubeconform unavailable (set $KUBECONFORM or put it on PATH), no ratio`);
  } else {
    const theirs = [kubeconform, ['-strict', '-summary', '-kubernetes-version', '1.30.0', '-schema-location', KUBECONFORM_SCHEMA_LOCATION, '-skip', 'Kustomization', manifests]];
    const { best, results } = race([check, theirs]);
    const ratio = best[0] / best[1];
    console.log(
      `check vs kubeconform, ${objects.toLocaleString('en-US')} objects: check ${best[0].toFixed(2)} s (exit ${results[0].status}), kubeconform ${best[1].toFixed(2)} s (exit ${results[1].status}, ${results[1].stdout.trim().split('\n').pop()}), ratio ${ratio.toFixed(2)} (target ≤ ${TARGET}) — ${ratio <= TARGET ? 'ok' : 'OVER TARGET'}`,
    );
  }
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
