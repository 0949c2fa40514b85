// Time against the size of one input — sparkConf, hadoopConf and nodeSelector
// maps of 10,000 and 100,000 entries, and as many validation errors (bad jar
// names) — for `validate` and the full `synth`. Each must grow linearly
// (100k ≤ 12× 10k); target for 100k: ≤ 2 s.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');

const SIZES = [10_000, 100_000];
const TINY_SIZES = [10, 100];
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

/** The command of `command` on the default example with `n` entries of `shape`. */
function prepared(ctx, command, shape, n) {
  const data = yaml.load(readFileSync(join(ctx.root, 'examples', 'node-daemonset.yaml'), 'utf8'));
  SHAPES[shape](data, n);
  const name = `${shape.replace(/ /g, '-')}-${n}`;
  const config = join(ctx.dir, `${name}.json`);
  writeFileSync(config, JSON.stringify(data));
  const args =
    command === 'validate'
      ? () => [ctx.cli, 'validate', '--config', config]
      : (run) => [ctx.cli, 'synth', '--no-check', '--quiet', '--config', config, '--out', join(ctx.dir, `dist-${name}-${run}`)];
  return { command: ctx.node, args };
}

module.exports = {
  title: 'time by input size',
  order: 40,
  timeoutSeconds: 600,
  run(ctx) {
    const [smallSize, largeSize] = ctx.tiny ? TINY_SIZES : SIZES;
    const label = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));
    for (const command of ['validate', 'synth']) {
      for (const shape of Object.keys(SHAPES)) {
        if (command === 'synth' && shape === 'validation errors') continue;
        const [small, large] = ctx.race([smallSize, largeSize].map((n) => prepared(ctx, command, shape, n)));
        const expected = shape === 'validation errors' ? 2 : 0;
        [small, large].forEach((m, i) => {
          if (m.status !== expected)
            throw new Error(`${command} with ${[smallSize, largeSize][i]} ${shape} exited ${m.status}:\n${m.stderr.slice(0, 2000)}`);
        });
        const over = [
          large.seconds > TARGET_SECONDS ? `> ${TARGET_SECONDS} s` : '',
          large.seconds > MAX_GROWTH * small.seconds ? `> ${MAX_GROWTH}× ${label(smallSize)}` : '',
        ].filter(Boolean);
        ctx.row({
          case: `${command}, ${label(largeSize)} ${shape}`,
          seconds: large.seconds,
          cpu: large.cpu,
          mib: large.mib,
          against: `${label(smallSize)}: ${small.seconds.toFixed(2)} s`,
          ratio: large.seconds / small.seconds,
          target: `≤ ${TARGET_SECONDS} s, ≤ ${MAX_GROWTH}× ${label(smallSize)}`,
          ok: over.length === 0,
          note: over.join(', ') || undefined,
        });
      }
    }
  },
};
