// Wall time and peak memory of the compiled CLI on
//   1. `check` of 1,000 objects (ConfigMaps, DaemonSets, SparkApplications, NodePools),
//   2. `synth` of the default config, which checks its output before writing.
// Targets on the 2-core dev machine: ≤ 0.6 s, ≤ 0.5 s, ≤ 300 MiB.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');
const { withoutKubeconform } = require('../harness/tools');

const OBJECTS = 1000;
const TINY_OBJECTS = 20;
const MAX_MIB = 300;

/** The objects the default config synthesizes, as templates for the mix. */
function templates(ctx) {
  const dir = ctx.dir;
  const synth = ctx.measure(ctx.node, [ctx.cli, 'synth', '--out', join(dir, 'default')]);
  if (synth.status !== 0) throw new Error(`synth of the default config failed:\n${synth.stderr}`);
  const objects = ['teams', 'node-daemonset', 'spark-applications'].flatMap((chart) =>
    yaml.loadAll(readFileSync(join(dir, 'default', 'manifests', `${chart}.k8s.yaml`), 'utf8')),
  );
  const pick = (kind) => objects.find((o) => o.kind === kind);
  const nodePool = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'spark' },
    spec: {
      template: {
        metadata: { labels: { NodeGroupType: 'SparkComputeOptimized' } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'spark' },
          requirements: [
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['c6i', 'c7g'] },
          ],
          taints: [{ key: 'spark-compute-optimized', effect: 'NoSchedule' }],
        },
      },
      limits: { cpu: '1000' },
    },
  };
  const nodeClass = {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'spark' },
    spec: {
      role: 'KarpenterNodeRole-spark',
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'spark' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'spark' } }],
    },
  };
  // What the copies refer to, so the whole set is valid, wiring included.
  const references = [...objects.filter((o) => o.kind === 'ServiceAccount'), nodeClass];
  return { kinds: [pick('ConfigMap'), pick('DaemonSet'), pick('SparkApplication'), nodePool], references };
}

/** `count` objects, a quarter of each kind, with distinct names (the first of each keeps its own), plus what they reference (3 more). */
function objectsFile(ctx, count) {
  const { kinds, references } = templates(ctx);
  const objects = [...references];
  for (let i = 0; i < count; i++) {
    const object = JSON.parse(JSON.stringify(kinds[i % kinds.length]));
    if (i >= kinds.length) object.metadata.name = `${object.metadata.name}-${Math.floor(i / kinds.length)}`;
    objects.push(object);
  }
  const file = join(ctx.dir, 'objects.yaml');
  writeFileSync(file, objects.map((o) => yaml.dump(o, { lineWidth: -1 })).join('---\n'));
  return { file, total: objects.length };
}

/** The median wall time and highest peak memory of `ctx.runs` runs against their targets. */
function row(ctx, label, args, target) {
  const [m] = ctx.race([{ command: ctx.node, args: typeof args === 'function' ? args : [ctx.cli, ...args], env: withoutKubeconform() }]);
  const over = [m.seconds > target ? `> ${target} s` : '', m.mib > MAX_MIB ? `> ${MAX_MIB} MiB` : ''].filter(Boolean);
  return {
    case: label,
    seconds: m.seconds,
    cpu: m.cpu,
    mib: m.mib,
    target: `≤ ${target} s, ≤ ${MAX_MIB} MiB`,
    ok: m.status === 0 && over.length === 0,
    note: [m.status === 0 ? '' : `exit ${m.status}`, ...over].filter(Boolean).join(', ') || undefined,
  };
}

module.exports = {
  title: 'check and synth, small',
  order: 20,
  timeoutSeconds: 120,
  run(ctx) {
    const { file, total } = objectsFile(ctx, ctx.tiny ? TINY_OBJECTS : OBJECTS);
    return [
      row(ctx, `check, ${total.toLocaleString('en-US')} objects`, ['check', file], 0.6),
      row(ctx, 'synth + check, default config', (run) => [ctx.cli, 'synth', '--out', join(ctx.dir, `dist-${run}`)], 0.5),
    ];
  },
};
