#!/usr/bin/env node
// `npm run bench`: wall time and peak memory of the compiled CLI on
//   1. `check` of 1,000 objects (ConfigMaps, DaemonSets, SparkApplications, NodePools),
//   2. `synth` of the default config, which checks its output before writing.
// Targets on the 2-core dev machine: ≤ 0.6 s, ≤ 0.5 s, ≤ 300 MiB. A report, not a test.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const yaml = require('js-yaml');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');
const RUNS = 5;

/** The objects the default config synthesizes, as templates for the mix. */
function templates(dir) {
  run(['synth', '--out', join(dir, 'default')]);
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

/** 1,000 objects, a quarter of each kind, with distinct names (the first of each keeps its own), plus what they reference (1,003 objects). */
function thousandObjects(dir) {
  const { kinds, references } = templates(dir);
  const objects = [...references];
  for (let i = 0; i < 1000; i++) {
    const object = JSON.parse(JSON.stringify(kinds[i % kinds.length]));
    if (i >= kinds.length) object.metadata.name = `${object.metadata.name}-${Math.floor(i / kinds.length)}`;
    objects.push(object);
  }
  const file = join(dir, 'objects.yaml');
  writeFileSync(file, objects.map((o) => yaml.dump(o, { lineWidth: -1 })).join('---\n'));
  return file;
}

function run(args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, ...args], { encoding: 'utf8' });
  const [seconds, kib] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { status: result.status, seconds, mib: kib / 1024 };
}

/** Best wall time and worst peak memory of RUNS runs. */
function measure(label, args, target) {
  const runs = Array.from({ length: RUNS }, () => run(args));
  const seconds = Math.min(...runs.map((r) => r.seconds));
  const mib = Math.max(...runs.map((r) => r.mib));
  const verdict = seconds <= target && mib <= 300 ? 'ok' : 'OVER TARGET';
  console.log(
    `${label}: ${seconds.toFixed(2)} s wall (best of ${RUNS}, target ≤ ${target} s), peak RSS ${mib.toFixed(0)} MiB (≤ 300) — ${verdict}; exit ${runs[0].status}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'mps-bench-'));
try {
  const file = thousandObjects(dir);
  measure('check, 1,000 objects', ['check', file], 0.6);
  measure('synth + check, default config', ['synth', '--out', join(dir, 'dist')], 0.5);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
