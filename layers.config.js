// The layers of ARCHITECTURE.md, bottom to top, for eslint.config.js (which
// forbids imports upwards) and test/lint (which checks that every source file
// is in exactly one layer). A glob is `folder/**`; anything else is one file.
'use strict';

/**
 * The layers, bottom to top. Each entry: its name, the files in it, and
 * (optionally) the layers below it that it must not import anyway.
 */
const LAYERS = [
  {
    name: 'base: errors, files, apply order, Mountpoint flags and host scripts, generated CRD classes',
    files: [
      'lib/errors.ts',
      'lib/package-root.ts',
      'lib/validator-modules.ts',
      'lib/rendered-files.ts',
      'lib/printable.ts',
      'lib/sync-waves.ts',
      // What the Spark operator does, read from upstream, and the pods it builds: no config involved.
      'lib/spark/operator-facts.ts',
      'lib/spark/operator-pod.ts',
      // The least-privilege policy of one bucket access, a pure function; the config reads its partitions.
      'lib/iam/s3-access-policy.ts',
      'lib/files/**',
      // Cron and time-zone syntax of ScheduledSparkApplications: pure.
      'lib/spark/schedule.ts',
      'lib/mime/**',
      'lib/mountpoint/**',
      'lib/scripts/**',
      'imports/**',
    ],
  },
  { name: 'config: schema, parsing, validation, derived values', files: ['lib/config/**', 'lib/spark/s3a.ts'] },
  {
    name: 'model: constructs and the props they are built from',
    files: [
      'lib/constructs/**',
      'lib/karpenter/**',
      'lib/spark/application.ts',
      'lib/spark/bucket-volume.ts',
      'lib/spark/operator-values.ts',
      'lib/spark/placement.ts',
    ],
  },
  { name: 'charts: the platform composed of charts', files: ['charts/**', 'lib/platform.ts', 'lib/app.ts'] },
  {
    name: 'outputs: Helm chart, IAM policies, GitOps objects, overview',
    files: ['lib/helm/**', 'lib/iam/policy-files.ts', 'lib/gitops/**', 'lib/overview/**'],
  },
  { name: 'synth: all outputs of a config, compared or written', files: ['lib/synth/**'] },
  {
    name: 'check: validates any manifests, knows nothing of configs',
    files: ['lib/check/**'],
    independentOf: ['config', 'model', 'charts', 'outputs', 'synth'],
  },
  { name: 'docs: reference pages from the config schema and the check rules', files: ['lib/docs/**'] },
  { name: 'library API: what the package exports', files: ['lib/index.ts'], independentOf: ['synth', 'check'] },
  { name: 'cli: commands and entry points', files: ['lib/cli/**', 'bin/**', 'main.ts'] },
];

/** Output formats are plug-ins: none imports another. */
const OUTPUT_FOLDERS = ['lib/helm', 'lib/iam', 'lib/gitops', 'lib/overview'];

module.exports = { LAYERS, OUTPUT_FOLDERS };
