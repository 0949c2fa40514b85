// Issue 18, synth at scale, both mixes of bench/scale-config.js (every bucket
// node-level; 90% pod-csi) at 1, 10, 100, 1,000 and 10,000 teams: the whole
// `synth` (peak RSS, and `helm template` of the chart it emitted in the same
// run), then each step `synth --verbose` names (load config, synth, package,
// check, write) with its CPU seconds and its growth over 10× fewer teams.
// Targets: 1,000 teams ≤ 1.0× `helm template`, ≤ 512 MiB; 10,000 teams
// ≤ 30 s, ≤ 2 GiB; every step ≤ 11× the time of 10× fewer teams.
// Step times come from `synth --output json` (`steps[].cpuSeconds`: CPU time
// of the thread that ran the step, steadier than wall time on a shared
// machine); the package step of a large config runs in a worker thread beside
// synth and check. A step at 1,000 teams takes 0.05–0.8 s and varies by up to
// half from run to run, so every size runs several times (RUNS_AT) and a growth
// is the median CPU of one size over the median of the size 10× smaller; each
// line shows the runs' spread and the growth the extremes would give.
'use strict';
const { existsSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { helm } = require('../harness/tools');
const { scaleConfig, MIXES } = require('../scale-config');

const SIZES = [1, 10, 100, 1000, 10_000];
const TINY_SIZES = [1, 10];
/** Sizes from this many teams up run fewer times (a run of 10,000 teams takes about 17 s). */
const LARGE = 10_000;
/** Runs per size at least (more with `--runs`; `--tiny` runs each once): below LARGE, and from LARGE up. */
const RUNS_AT = { below: 5, large: 3 };
const MAX_GROWTH = 11;
const TARGETS = {
  1000: { helmRatio: 1.0, mib: 512 },
  10_000: { seconds: 30, mib: 2048 },
};

/** `check (Kubernetes 1.31)` → `check`: one name per step across configs. */
const stepName = (name) => name.replace(/ \(.*\)$/, '');
const teamsLabel = (teams) => `${teams.toLocaleString('en-US')} team${teams === 1 ? '' : 's'}`;
const runsLabel = (n) => `${n} run${n === 1 ? '' : 's'}`;

function runsAt(ctx, teams) {
  if (ctx.tiny) return ctx.runs;
  return Math.max(ctx.runs, teams >= LARGE ? RUNS_AT.large : RUNS_AT.below);
}

/**
 * `helm template` runs as often as synth where a target compares the two (1,000 teams) and where it is cheap;
 * from LARGE up (30 s a run, and no target compares) once, for the record.
 */
const templateRunsAt = (teams, runs) => (teams >= LARGE && TARGETS[teams]?.helmRatio === undefined ? 1 : runs);

/** The median, the lowest and the highest of `values`, and how many there are. */
function spread(ctx, values) {
  return { median: ctx.median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/**
 * `runsAt` runs of synth of `teams` teams, each into a fresh folder, each followed (while templateRunsAt says) by
 * `helm template` of the chart it emitted: the whole synth's median wall and CPU seconds and highest peak RSS, and
 * each step's wall and thread CPU seconds over the runs.
 */
function measureSize(ctx, mix, teams) {
  const config = join(ctx.dir, `${mix}-${teams}.json`);
  writeFileSync(config, JSON.stringify(scaleConfig(teams, mix)));
  const runs = runsAt(ctx, teams);
  const templateRuns = templateRunsAt(teams, runs);
  const synths = [];
  const templates = [];
  for (let run = 0; run < runs; run++) {
    const out = join(ctx.dir, `dist-${mix}-${teams}-${run}`);
    const ours = ctx.measure(ctx.node, [ctx.cli, 'synth', '--config', config, '--out', out, '--output', 'json', '--quiet']);
    // A config past a limit of its approach (every bucket node-level at 10,000 teams: the DaemonSet's
    // script ConfigMap over 1 MiB) is refused by validation, exit 2: a result, not a failure, and the same every run.
    if (ours.status === 2) return { teams, ours, refused: ours.stderr.trim().split('\n')[0] };
    if (ours.status !== 0) throw new Error(`synth of ${teams} teams (${mix}) failed:\n${ours.stderr.slice(0, 2000)}`);
    synths.push({ ...ours, summary: JSON.parse(ours.stdout) });
    if (run >= templateRuns) continue;
    const theirs = ctx.measure(ctx.tools.helm, ['template', 'bench', emittedChart(out)]);
    if (theirs.status !== 0) throw new Error(`helm template of ${teams} teams (${mix}) failed:\n${theirs.stderr.slice(0, 2000)}`);
    templates.push(theirs);
  }
  const whole = (measured) => ({
    seconds: ctx.median(measured.map((m) => m.seconds)),
    cpu: ctx.median(measured.map((m) => m.cpu)),
    mib: Math.max(...measured.map((m) => m.mib)),
    runs: measured.length,
  });
  const steps = new Map();
  for (const { summary } of synths) {
    for (const step of summary.steps) {
      const name = stepName(step.name);
      if (!steps.has(name)) steps.set(name, { name, thread: step.thread, seconds: [], cpu: [] });
      steps.get(name).seconds.push(step.seconds);
      steps.get(name).cpu.push(step.cpuSeconds);
    }
  }
  for (const step of steps.values()) {
    if (step.cpu.length !== runs)
      throw new Error(`synth of ${teams} teams (${mix}): step ${step.name} in ${step.cpu.length} of ${runs} runs`);
  }
  return {
    teams,
    objects: synths[0].summary.objects.total,
    ours: whole(synths),
    theirs: whole(templates),
    steps: new Map(
      [...steps].map(([name, s]) => [name, { name, thread: s.thread, seconds: ctx.median(s.seconds), cpu: spread(ctx, s.cpu) }]),
    ),
  };
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
    case: `${mix}, ${teamsLabel(m.teams)}, ${m.objects.toLocaleString('en-US')} objects: whole synth, ${runsLabel(m.ours.runs)}`,
    seconds: m.ours.seconds,
    cpu: m.ours.cpu,
    mib: m.ours.mib,
    against: `helm template ${m.theirs.seconds.toFixed(2)} s, ${runsLabel(m.theirs.runs)}`,
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

const cpuRange = ({ min, max, runs }) => `${min.toFixed(3)}–${max.toFixed(3)} s CPU, ${runsLabel(runs)}`;

/**
 * A line per step: its median thread CPU, and its growth over the size 10× smaller, median over median (the same
 * rule for every step and size). The note gives the spread of this size's runs and the growth their extremes
 * would give (lowest over highest, highest over lowest), so a reader sees how far one sample could have moved it.
 */
function stepRows(mix, m, smaller) {
  return [...m.steps.values()].map((step) => {
    const before = smaller?.steps.get(step.name);
    const growth = before && before.cpu.median > 0 ? step.cpu.median / before.cpu.median : undefined;
    const extremes =
      growth === undefined ? '' : `; extremes ${(step.cpu.min / before.cpu.max).toFixed(2)}–${(step.cpu.max / before.cpu.min).toFixed(2)}×`;
    return {
      // A step in synth's worker thread ran beside others: its seconds overlap theirs.
      case: `${mix}, ${teamsLabel(m.teams)}: ${step.name}${step.thread === 'worker' ? ' (worker thread)' : ''}`,
      seconds: step.seconds,
      cpu: step.cpu.median,
      against: before ? `${teamsLabel(smaller.teams)}: ${before.cpu.median.toFixed(3)} s CPU (${cpuRange(before.cpu)})` : undefined,
      ratio: growth,
      target: before ? `≤ ${MAX_GROWTH}× (median CPU)` : undefined,
      ok: growth === undefined ? undefined : growth <= MAX_GROWTH,
      note: `${cpuRange(step.cpu)}${extremes}`,
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
        const m = measureSize(ctx, mix, teams);
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
