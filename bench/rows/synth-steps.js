// Issue 18, synth at scale, both mixes of bench/scale-config.js (every bucket
// node-level; 90% pod-csi) at 1, 10, 100, 1,000 and 10,000 teams: the whole
// `synth` (peak RSS, and `helm template` of the chart it emitted in the same
// run), then each step `synth --verbose` names (load config, synth, package,
// check, write) with its CPU seconds and its growth over 10× fewer teams.
// Targets: 1,000 teams ≤ 1.0× `helm template`, ≤ 512 MiB; 10,000 teams
// ≤ 30 s, ≤ 2 GiB; every step ≤ 11× the time of 10× fewer teams.
// Step times come from `synth --output json` (`steps[].cpuSeconds`: CPU time
// is steadier than wall time on a shared machine) of the last run.
'use strict';
const { existsSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { helm } = require('../harness/tools');
const { scaleConfig, MIXES } = require('../scale-config');

const SIZES = [1, 10, 100, 1000, 10_000];
const TINY_SIZES = [1, 10];
/** Above this many teams a size is measured once, not `ctx.runs` times. */
const SINGLE_RUN_ABOVE = 1000;
const MAX_GROWTH = 11;
const TARGETS = {
  1000: { helmRatio: 1.0, mib: 512 },
  10_000: { seconds: 30, mib: 2048 },
};

/** `check (Kubernetes 1.31)` → `check`: one name per step across configs. */
const stepName = (name) => name.replace(/ \(.*\)$/, '');
const teamsLabel = (teams) => `${teams.toLocaleString('en-US')} team${teams === 1 ? '' : 's'}`;

function measureSynth(ctx, mix, teams) {
  const config = join(ctx.dir, `${mix}-${teams}.json`);
  writeFileSync(config, JSON.stringify(scaleConfig(teams, mix)));
  const out = (run) => join(ctx.dir, `dist-${mix}-${teams}-${run}`);
  const synth = {
    command: ctx.node,
    args: (run) => [ctx.cli, 'synth', '--config', config, '--out', out(run), '--output', 'json', '--quiet'],
  };
  const template = { command: ctx.tools.helm, args: (run) => ['template', 'bench', emittedChart(out(run))] };
  const [ours, theirs] =
    teams > SINGLE_RUN_ABOVE ? [synth, template].map(({ command, args }) => ctx.measure(command, args(0))) : ctx.race([synth, template]);
  // A config past a limit of its approach (every bucket node-level at 10,000 teams: the DaemonSet's
  // script ConfigMap over 1 MiB) is refused by validation, exit 2: a result, not a failure.
  if (ours.status === 2) return { teams, ours, refused: ours.stderr.trim().split('\n')[0] };
  if (ours.status !== 0) throw new Error(`synth of ${teams} teams (${mix}) failed:\n${ours.stderr.slice(0, 2000)}`);
  if (theirs.status !== 0) throw new Error(`helm template of ${teams} teams (${mix}) failed:\n${theirs.stderr.slice(0, 2000)}`);
  const summary = JSON.parse(ours.stdout);
  const steps = new Map(summary.steps.map((step) => [stepName(step.name), step]));
  return { teams, objects: summary.objects.total, ours, theirs, steps };
}

/** The chart the synth into `out` emitted (its file name carries the chart version); `out` itself when synth wrote none. */
function emittedChart(out) {
  const helmDir = join(out, 'helm');
  const chart = existsSync(helmDir) && readdirSync(helmDir).find((f) => f.endsWith('.tgz'));
  return chart ? join(helmDir, chart) : out;
}

function wholeRow(mix, m) {
  const target = TARGETS[m.teams];
  const over = [];
  if (target?.helmRatio !== undefined && m.ours.seconds > target.helmRatio * m.theirs.seconds)
    over.push(`> ${target.helmRatio}× helm template`);
  if (target?.seconds !== undefined && m.ours.seconds > target.seconds) over.push(`> ${target.seconds} s`);
  if (target?.mib !== undefined && m.ours.mib > target.mib) over.push(`> ${target.mib} MiB`);
  const spelled = target && [
    target.helmRatio !== undefined ? `≤ ${target.helmRatio}× helm template` : `≤ ${target.seconds} s`,
    `≤ ${target.mib} MiB`,
  ];
  return {
    case: `${mix}, ${teamsLabel(m.teams)}, ${m.objects.toLocaleString('en-US')} objects: whole synth`,
    seconds: m.ours.seconds,
    cpu: m.ours.cpu,
    mib: m.ours.mib,
    against: `helm template ${m.theirs.seconds.toFixed(2)} s`,
    ratio: m.ours.seconds / m.theirs.seconds,
    target: spelled?.join(', '),
    ok: target ? over.length === 0 : undefined,
    note: over.join(', ') || undefined,
  };
}

function refusedRow(mix, m) {
  const at = m.refused.indexOf(': ');
  return {
    case: `${mix}, ${teamsLabel(m.teams)}: synth refuses the config`,
    seconds: m.ours.seconds,
    cpu: m.ours.cpu,
    mib: m.ours.mib,
    note: `exit 2: ${at < 0 ? m.refused : m.refused.slice(at + 2)}`.slice(0, 200),
  };
}

function stepRows(mix, m, smaller) {
  return [...m.steps.values()].map((step) => {
    const before = smaller?.steps.get(stepName(step.name));
    const growth = before && before.cpuSeconds > 0 ? step.cpuSeconds / before.cpuSeconds : undefined;
    return {
      case: `${mix}, ${teamsLabel(m.teams)}: ${stepName(step.name)}`,
      seconds: step.seconds,
      cpu: step.cpuSeconds,
      against: before ? `${teamsLabel(smaller.teams)}: ${before.cpuSeconds.toFixed(3)} s CPU` : undefined,
      ratio: growth,
      target: before ? `≤ ${MAX_GROWTH}× (CPU)` : undefined,
      ok: growth === undefined ? undefined : growth <= MAX_GROWTH,
    };
  });
}

module.exports = {
  title: 'synth steps by teams',
  order: 31,
  timeoutSeconds: 3600,
  tools: { helm },
  run(ctx) {
    for (const mix of MIXES) {
      let smaller;
      for (const teams of ctx.tiny ? TINY_SIZES : SIZES) {
        const m = measureSynth(ctx, mix, teams);
        if (m.refused) {
          ctx.row(refusedRow(mix, m));
          continue;
        }
        ctx.row(wholeRow(mix, m));
        for (const row of stepRows(mix, m, smaller)) ctx.row(row);
        smaller = m;
      }
    }
  },
};
