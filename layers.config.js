// The layers of ARCHITECTURE.md, bottom to top, for eslint.config.js (which
// forbids imports upwards) and test/lint (which checks that every source file
// is in exactly one layer). In a pattern `*` is one path segment and `/**` everything below.
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
      'lib/code-cache.ts',
      'lib/validator-modules.ts',
      'lib/rendered-files.ts',
      // The YAML writer behind toYaml: cdk8s' serializer, byte for byte, without its document model.
      'lib/block-yaml.ts',
      // Large maps and lists frozen once rendered, with what is derived from them (YAML text, keys) kept.
      'lib/sealed.ts',
      'lib/printable.ts',
      // Size limits of Kubernetes, EC2 and Linux that both the config rules and check apply.
      'lib/size-limits.ts',
      // Maps converted value by value in one loop (100,000-entry sparkConf).
      'lib/map-values.ts',
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
  {
    name: 'config: schema, parsing, validation, derived values',
    // A mount approach's folder spans layers: its config/ (schema part, rules, derived values) is config,
    // and so is the registry of approaches above those folders (lib/approaches/*.ts).
    files: ['lib/config/**', 'lib/spark/s3a.ts', 'lib/approaches/*.ts', 'lib/approaches/*/config/**'],
  },
  {
    name: 'model: constructs and the props they are built from',
    files: [
      'lib/constructs/**',
      'lib/approaches/*/constructs/**',
      'lib/approaches/node-userdata/userdata-drift.ts',
      'lib/spark/application.ts',
      'lib/spark/placement.ts',
    ],
  },
  {
    name: 'charts: the platform composed of charts',
    files: ['charts/**', 'lib/approaches/*/chart.ts', 'lib/platform.ts', 'lib/app.ts', 'lib/cdk8s-resolve.ts'],
  },
  {
    name: 'outputs: Helm chart, IAM policies, GitOps objects, overview',
    files: ['lib/helm/**', 'lib/iam/policy-files.ts', 'lib/gitops/**', 'lib/overview/**', 'lib/spark/operator-values.ts'],
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
