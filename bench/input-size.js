#!/usr/bin/env node
// `npm run bench`: time against the size of one input — sparkConf, hadoopConf
// and nodeSelector maps of 10,000 and 100,000 entries, and as many
// validation errors (bad jar names) — for `validate` and the full `synth`.
// Each must grow linearly (100k ≤ 12× 10k); target for 100k: ≤ 2 s.
// A report, not a test.
'use strict';
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const yaml = require('js-yaml');
const { measured, printTable } = require('./measure');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const SIZES = [10_000, 100_000];
const TARGET_SECONDS = 2;
const MAX_GROWTH = 12;

/** The default example with `n` entries added where `shape` says. */
const SHAPES = {
  'sparkConf entries': (data, n) =>
    Object.assign(
      data.sparkApplications[0].sparkConf,
      entries(n, (i) => [`spark.bench.key${i}`, `value-${i}`]),
    ),
  'hadoopConf entries': (data, n) => (data.sparkApplications[0].hadoopConf = entries(n, (i) => [`fs.bench.key${i}`, `value-${i}`])),
  'nodeSelector labels': (data, n) =>
    Object.assign(
      data.teams[0].nodeSelector,
      entries(n, (i) => [`bench.example.com/key${i}`, `v${i}`]),
    ),
  'validation errors': (data, n) => (data.sparkApplications[0].deps.jars = Array.from({ length: n }, (_, i) => `bad jar ${i}.jar`)),
};

function entries(n, entry) {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => entry(i)));
}

function run(command, shape, n, dir) {
  const data = yaml.load(readFileSync(join(ROOT, 'examples', 'node-daemonset.yaml'), 'utf8'));
  SHAPES[shape](data, n);
  const config = join(dir, `${shape.replace(/ /g, '-')}-${n}.json`);
  writeFileSync(config, JSON.stringify(data));
  const args =
    command === 'validate'
      ? ['validate', '--config', config]
      : ['synth', '--no-check', '--quiet', '--config', config, '--out', join(dir, `dist-${n}`)];
  const measurement = measured(process.execPath, [CLI, ...args]);
  const expected = shape === 'validation errors' ? 2 : 0;
  if (measurement.result.status !== expected)
    throw new Error(`${command} with ${n} ${shape} exited ${measurement.result.status}:\n${measurement.result.stderr.slice(0, 2000)}`);
  return measurement;
}

const dir = mkdtempSync(join(tmpdir(), 'mps-bench-input-'));
try {
  console.log(`\ntime by input size; target at 100,000: ≤ ${TARGET_SECONDS} s and ≤ ${MAX_GROWTH}× 10,000 (linear)`);
  const rows = [];
  for (const command of ['validate', 'synth']) {
    for (const shape of Object.keys(SHAPES)) {
      if (command === 'synth' && shape === 'validation errors') continue;
      const [small, large] = SIZES.map((n) => run(command, shape, n, dir));
      const over = [
        large.seconds > TARGET_SECONDS ? `> ${TARGET_SECONDS} s` : '',
        large.seconds > MAX_GROWTH * small.seconds ? `> ${MAX_GROWTH}× 10k` : '',
      ].filter(Boolean);
      rows.push([
        command,
        shape,
        small.seconds.toFixed(2),
        large.seconds.toFixed(2),
        large.mib.toFixed(0),
        over.length ? `OVER (${over.join(', ')})` : 'ok',
      ]);
    }
  }
  printTable(['command', 'input', '10k s', '100k s', '100k peak MiB', 'target'], rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
