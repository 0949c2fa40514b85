// The Helm packaging step of synth (templatize, tokens, values, values schema,
// value checks, chart files, tar) alone, by platform size and mix (all buckets
// node-level; 90% pod-csi), next to `helm template` of the chart it wrote, in
// the same run; and the chart's largest file against Helm's limits (helm
// v3.17.3 pkg/chart/loader: 5 MiB per file, 100 MiB per archive). Targets
// (issue 18): about 1 s at 1,000 teams; 10× the teams ≤ 11× the time; the
// chart of 10,000 teams loads.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { helm } = require('../harness/tools');
const { scaleConfig } = require('../scale-config');

const SIZES = [100, 1000, 10000];
const TINY_SIZES = [2];
const MAX_PACKAGE_SECONDS = 1;
const MAX_GROWTH = 11;
const HELM_MAX_FILE_BYTES = 5 * 1024 * 1024;
const HELM_MAX_CHART_BYTES = 100 * 1024 * 1024;

const MIXES = {
  'all node-level': (teams) => {
    const config = scaleConfig(teams);
    for (const bucket of config.buckets) bucket.mount = { approach: 'node-daemonset', path: `/mnt/s3/${bucket.name}` };
    return config;
  },
  '90% pod-csi': (teams) => scaleConfig(teams),
};

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

function measureChart(ctx, mix, teams) {
  const config = join(ctx.dir, `helm-${mix.replace(/\W+/g, '-')}-${teams}.json`);
  writeFileSync(config, JSON.stringify(MIXES[mix](teams)));
  const out = join(ctx.dir, `helm-out-${teams}`);
  // The largest size once: its package step takes tens of seconds.
  const runs = teams >= 10000 ? 1 : ctx.runs;
  const driver = ctx.measure(ctx.node, [join(ctx.root, 'bench', 'helm-package.js'), config, out, String(runs)]);
  if (driver.status !== 0) throw new Error(`packaging ${teams} teams failed:\n${driver.stderr}`);
  const step = JSON.parse(driver.stdout);
  const template = ctx.measure(ctx.tools.helm, ['template', 'bench', step.chart]);
  if (template.status !== 0) throw new Error(`helm template of ${teams} teams failed:\n${template.stderr}`);
  return { step, template, mib: driver.mib };
}

module.exports = {
  title: 'helm package step',
  order: 60,
  timeoutSeconds: 900,
  tools: { helm },
  run(ctx) {
    for (const mix of Object.keys(MIXES)) {
      const bySize = new Map();
      for (const teams of ctx.tiny ? TINY_SIZES : SIZES) {
        const m = measureChart(ctx, mix, teams);
        bySize.set(teams, m);
        const label = `${teams.toLocaleString('en-US')} teams, ${mix}`;
        ctx.row({
          case: `${label}: package`,
          seconds: m.step.seconds,
          cpu: m.step.cpu,
          mib: m.mib,
          against: `helm template ${m.template.seconds.toFixed(2)} s`,
          ratio: m.step.seconds / m.template.seconds,
          target: teams === 1000 ? `≤ ${MAX_PACKAGE_SECONDS} s` : undefined,
          ok: teams === 1000 ? m.step.seconds <= MAX_PACKAGE_SECONDS : undefined,
        });
        const tenth = bySize.get(teams / 10);
        if (tenth) {
          ctx.row({
            case: `${label}: package, 10× the teams`,
            seconds: m.step.seconds,
            cpu: m.step.cpu,
            against: `${(teams / 10).toLocaleString('en-US')} teams: ${tenth.step.seconds.toFixed(2)} s`,
            ratio: m.step.seconds / tenth.step.seconds,
            target: `≤ ${MAX_GROWTH}×`,
            ok: m.step.seconds <= MAX_GROWTH * tenth.step.seconds,
          });
        }
        ctx.row({
          case: `${label}: largest chart file`,
          value: `${m.step.largest.path} ${mib(m.step.largest.bytes)} (chart ${mib(m.step.total)})`,
          target: '≤ 5 MiB per file, < 100 MiB in all',
          ok: m.step.largest.bytes <= HELM_MAX_FILE_BYTES && m.step.total < HELM_MAX_CHART_BYTES,
        });
      }
    }
  },
};
