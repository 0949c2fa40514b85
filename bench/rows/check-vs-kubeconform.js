// `check` (schemas + CEL + API-server rules + wiring) against kubeconform
// (schemas only) on the same ~5,000 objects (the synth output of a
// scale-config platform) and the same schema directory, in the same run.
// Target on the 2-core dev machine: check ≤ 0.7× kubeconform's wall time.
// kubeconform comes from $KUBECONFORM or PATH (none can be downloaded here);
// without it the row gives check's own time and says so.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { kubeconform, withoutKubeconform } = require('../harness/tools');
const { scaleConfig } = require('../scale-config');

const TEAMS = 520; // about 9.6 objects per team: about 5,000 objects
const TINY_TEAMS = 3;
const TARGET = 0.7;

/** The manifests/ folder of a synthesized platform of `teams` teams, and its object count. */
function manifests(ctx, teams) {
  const config = join(ctx.dir, 'platform.json');
  writeFileSync(config, JSON.stringify(scaleConfig(teams)));
  const out = join(ctx.dir, 'dist');
  const synth = ctx.measure(ctx.node, [ctx.cli, 'synth', '--config', config, '--out', out, '--output', 'json', '--quiet', '--no-check']);
  if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
  return { dir: join(out, 'manifests'), objects: JSON.parse(synth.stdout).objects.total };
}

module.exports = {
  title: 'check vs kubeconform',
  order: 50,
  timeoutSeconds: 300,
  run(ctx) {
    const { dir, objects } = manifests(ctx, ctx.tiny ? TINY_TEAMS : TEAMS);
    const { KUBECONFORM_SCHEMA_LOCATION } = require(join(ctx.root, 'build', 'lib', 'check', 'schema-registry'));
    const env = withoutKubeconform();
    const check = { command: ctx.node, args: [ctx.cli, 'check', dir, '--kubernetes-version', '1.30.0'], env };
    const bin = kubeconform.find();
    const theirs = bin && {
      command: bin,
      args: [
        '-strict',
        '-summary',
        '-kubernetes-version',
        '1.30.0',
        '-schema-location',
        KUBECONFORM_SCHEMA_LOCATION,
        '-skip',
        'Kustomization',
        dir,
      ],
      env,
    };
    const [ours, kc] = ctx.race(theirs ? [check, theirs] : [check]);
    const row = { case: `check, ${objects.toLocaleString('en-US')} objects`, seconds: ours.seconds, cpu: ours.cpu, mib: ours.mib };
    const target = `≤ ${TARGET}× kubeconform`;
    if (ours.status !== 0) return [{ ...row, failed: `check exited ${ours.status}: ${ours.stdout.trim().split('\n').pop()}` }];
    if (!kc) return [{ ...row, target, skipped: `kubeconform not found (${kubeconform.hint}), no ratio` }];
    if (kc.status !== 0) return [{ ...row, failed: `kubeconform exited ${kc.status}: ${kc.stdout.trim().split('\n').pop()}` }];
    const ratio = ours.seconds / kc.seconds;
    return [
      {
        ...row,
        against: `kubeconform ${kc.seconds.toFixed(2)} s, ${kc.cpu.toFixed(2)} s CPU`,
        ratio,
        target,
        ok: ratio <= TARGET,
        note: `CPU ratio ${(ours.cpu / kc.cpu).toFixed(2)}`,
      },
    ];
  },
};
