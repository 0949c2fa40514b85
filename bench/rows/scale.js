// The compiled CLI's full `synth` (config validation, manifests, Helm
// packaging, check, write) of platforms with 1, 10, 100 and 1,000 teams
// (bench/scale-config.js), and in the same run `helm template` of the chart
// it emitted. Targets at 1,000 teams on the 2-core dev machine: ≤ 10 s wall,
// ≤ 1 GiB peak RSS, and ≤ 12× the time of 100 teams (linear growth).
'use strict';
const { readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { helm } = require('../harness/tools');
const { scaleConfig } = require('../scale-config');

const SIZES = [1, 10, 100, 1000];
const TINY_SIZES = [1, 2];
const MAX_SECONDS = 10;
const MAX_MIB = 1024;
const MAX_GROWTH = 12;

function measureTeams(ctx, teams) {
  const config = join(ctx.dir, `teams-${teams}.json`);
  writeFileSync(config, JSON.stringify(scaleConfig(teams)));
  const out = (run) => join(ctx.dir, `dist-${teams}-${run}`);
  const [synth, template] = ctx.race([
    { command: ctx.node, args: (run) => [ctx.cli, 'synth', '--config', config, '--out', out(run), '--output', 'json', '--quiet'] },
    { command: ctx.tools.helm, args: (run) => ['template', 'bench', emittedChart(out(run))] },
  ]);
  if (synth.status !== 0) throw new Error(`synth of ${teams} teams failed:\n${synth.stderr}`);
  if (template.status !== 0) throw new Error(`helm template of ${teams} teams failed:\n${template.stderr}`);
  return { teams, objects: JSON.parse(synth.stdout).objects.total, synth, template };
}

/** The chart the synth into `out` just emitted (its file name carries the chart version). */
function emittedChart(out) {
  const helmDir = join(out, 'helm');
  return join(
    helmDir,
    readdirSync(helmDir).find((f) => f.endsWith('.tgz')),
  );
}

module.exports = {
  title: 'synth by platform size',
  order: 30,
  timeoutSeconds: 600,
  tools: { helm },
  run(ctx) {
    let hundred;
    for (const teams of ctx.tiny ? TINY_SIZES : SIZES) {
      const m = measureTeams(ctx, teams);
      if (teams === 100) hundred = m;
      const over = [];
      if (m.synth.seconds > MAX_SECONDS) over.push(`> ${MAX_SECONDS} s`);
      if (m.synth.mib > MAX_MIB) over.push(`> ${MAX_MIB} MiB`);
      if (teams === 1000 && hundred && m.synth.seconds > MAX_GROWTH * hundred.synth.seconds) over.push(`> ${MAX_GROWTH}× 100 teams`);
      const targeted = teams === 1000;
      ctx.row({
        case: `${teams.toLocaleString('en-US')} team${teams === 1 ? '' : 's'}, ${m.objects.toLocaleString('en-US')} objects`,
        seconds: m.synth.seconds,
        cpu: m.synth.cpu,
        mib: m.synth.mib,
        against: `helm template ${m.template.seconds.toFixed(2)} s`,
        ratio: m.synth.seconds / m.template.seconds,
        target: targeted ? `≤ ${MAX_SECONDS} s, ≤ ${MAX_MIB} MiB, ≤ ${MAX_GROWTH}× 100 teams` : undefined,
        ok: targeted ? over.length === 0 : undefined,
        note: over.join(', ') || undefined,
      });
    }
  },
};
