// Start-up and the small default case (issue 18): the CLI's `synth --out DIR`
// of the default config, whole process, against `helm template` of the chart
// it emits, in the same run. Target: ≤ 0.2 s wall and ≤ 3× `helm template`.
// Also `validate` of the default config and `check` of its manifests, against
// a bare `node -e 0`: what the CLI costs above Node's own start (no target).
// bench/run.js measures every command without NODE_EXTRA_CA_CERTS; where the
// bench's environment sets it, the synth row is measured once more with it.
'use strict';
const { join } = require('node:path');
const { helm } = require('../harness/tools');

const MAX_SECONDS = 0.2;
const MAX_HELM_RATIO = 3;

module.exports = {
  title: 'startup',
  order: 10,
  timeoutSeconds: 120,
  tools: { helm },
  run(ctx) {
    // The first synth (not counted) warms the file cache and emits the chart.
    const first = join(ctx.dir, 'first');
    const warmUp = ctx.measure(ctx.node, [ctx.cli, 'synth', '--out', first, '--output', 'json', '--quiet']);
    if (warmUp.status !== 0) throw new Error(`synth of the default config failed:\n${warmUp.stderr}`);
    const chart = JSON.parse(warmUp.stdout).files.find((file) => file.path.endsWith('.tgz')).path;

    const synthAgainstHelm = (caCerts) => {
      const env = caCerts ? { ...process.env, NODE_EXTRA_CA_CERTS: caCerts } : process.env;
      const [synth, template] = ctx.race([
        { command: ctx.node, args: (run) => [ctx.cli, 'synth', '--out', join(ctx.dir, `out-${caCerts ? 'ca-' : ''}${run}`)], env },
        { command: ctx.tools.helm, args: ['template', 'startup', join(first, chart)], env },
      ]);
      if (synth.status !== 0 || template.status !== 0) throw new Error(`synth or helm template failed:\n${synth.stderr}${template.stderr}`);
      const ratio = synth.seconds / template.seconds;
      const target = !caCerts;
      ctx.row({
        case: `default config: synth --out DIR${caCerts ? ', with NODE_EXTRA_CA_CERTS as set here' : ''}`,
        seconds: synth.seconds,
        cpu: synth.cpu,
        mib: synth.mib,
        against: `helm template ${template.seconds.toFixed(3)} s`,
        ratio,
        target: target ? `≤ ${MAX_SECONDS} s, ≤ ${MAX_HELM_RATIO}× helm template` : undefined,
        ok: target ? synth.seconds <= MAX_SECONDS && ratio <= MAX_HELM_RATIO : undefined,
      });
    };
    synthAgainstHelm(undefined);
    if (ctx.extraCaCerts) synthAgainstHelm(ctx.extraCaCerts);

    const [validate, check, bare] = ctx.race([
      { command: ctx.node, args: [ctx.cli, 'validate'] },
      { command: ctx.node, args: [ctx.cli, 'check', join(first, 'manifests')] },
      { command: ctx.node, args: ['-e', '0'] },
    ]);
    for (const [name, measured] of [
      ['validate', validate],
      ['check DIR/manifests', check],
    ]) {
      if (measured.status !== 0) throw new Error(`${name} failed:\n${measured.stderr}`);
      ctx.row({
        case: `default config: ${name}`,
        seconds: measured.seconds,
        cpu: measured.cpu,
        mib: measured.mib,
        against: `node -e 0 ${bare.seconds.toFixed(3)} s`,
        ratio: measured.seconds / bare.seconds,
      });
    }
    return [];
  },
};
