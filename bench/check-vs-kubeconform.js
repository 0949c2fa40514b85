#!/usr/bin/env node
// `npm run bench`: `check` (schemas + CEL + API-server rules + wiring) against
// kubeconform (schemas only) on the same ~5,000 objects (the synth output of a
// scale-config platform) and the same schema directory, in the same run.
// Target on the 2-core dev machine: check ≤ 0.7× kubeconform's wall time.
// kubeconform comes from $KUBECONFORM or PATH (none can be downloaded here);
// without it the row says so. A report, not a test.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');
const { scaleConfig } = require('./scale-config');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const { findKubeconform } = require(join(ROOT, 'build', 'lib', 'check', 'kubeconform'));
const { KUBECONFORM_SCHEMA_LOCATION } = require(join(ROOT, 'build', 'lib', 'check', 'schema-registry'));
const TEAMS = 520; // about 9.6 objects per team: about 5,000 objects
const RUNS = 3;
const TARGET = 0.7;

/** check runs kubeconform itself when it finds one ($KUBECONFORM, PATH): here it must not. */
const WITHOUT_KUBECONFORM = {
  ...process.env,
  KUBECONFORM: '',
  PATH: (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, 'kubeconform')))
    .join(delimiter),
};

const TIME = '/usr/bin/time';

/** Wall seconds, and CPU seconds (user + system) where GNU time is there: kubeconform spreads over every core. */
function timed(command, args) {
  if (existsSync(TIME)) {
    const result = spawnSync(TIME, ['-f', '%e %U %S', command, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: WITHOUT_KUBECONFORM,
    });
    const [seconds, user, system] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
    return { result, seconds, cpu: user + system };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: WITHOUT_KUBECONFORM });
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: NaN };
}

/** Best wall and CPU time of RUNS runs, the two tools alternating so both see the same machine load. */
function race(commands) {
  const best = commands.map(() => Infinity);
  const cpu = commands.map(() => Infinity);
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    commands.forEach(([command, args], i) => {
      const measured = timed(command, args);
      best[i] = Math.min(best[i], measured.seconds);
      cpu[i] = Math.min(cpu[i], measured.cpu);
      results[i] = measured.result;
    });
  }
  return { best, cpu, results };
}

const dir = mkdtempSync(join(tmpdir(), 'mps-bench-kubeconform-'));
try {
  const config = join(dir, 'platform.json');
  writeFileSync(config, JSON.stringify(scaleConfig(TEAMS)));
  const out = join(dir, 'dist');
  const synth = spawnSync(process.execPath, [CLI, 'synth', '--config', config, '--out', out, '--output', 'json', '--quiet', '--no-check'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
  const objects = JSON.parse(synth.stdout).objects.total;
  const manifests = join(out, 'manifests');
  const check = [process.execPath, [CLI, 'check', manifests, '--kubernetes-version', '1.30.0']];
  const kubeconform = findKubeconform(undefined);
  if (!kubeconform) {
    const { best, results } = race([check]);
    console.log(
      `check vs kubeconform, ${objects.toLocaleString('en-US')} objects: check ${best[0].toFixed(2)} s (exit ${results[0].status}); kubeconform unavailable (set $KUBECONFORM or put it on PATH), no ratio`,
    );
  } else {
    const theirs = [
      kubeconform,
      [
        '-strict',
        '-summary',
        '-kubernetes-version',
        '1.30.0',
        '-schema-location',
        KUBECONFORM_SCHEMA_LOCATION,
        '-skip',
        'Kustomization',
        manifests,
      ],
    ];
    const { best, cpu, results } = race([check, theirs]);
    const ratio = best[0] / best[1];
    console.log(
      `check vs kubeconform, ${objects.toLocaleString('en-US')} objects: check ${best[0].toFixed(2)} s wall / ${cpu[0].toFixed(2)} s CPU (exit ${results[0].status}), ` +
        `kubeconform ${best[1].toFixed(2)} s wall / ${cpu[1].toFixed(2)} s CPU (exit ${results[1].status}, ${results[1].stdout.trim().split('\n').pop()}), ` +
        `wall ratio ${ratio.toFixed(2)} (target ≤ ${TARGET}) — ${ratio <= TARGET ? 'ok' : 'OVER TARGET'}; CPU ratio ${(cpu[0] / cpu[1]).toFixed(2)}`,
    );
  }
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
