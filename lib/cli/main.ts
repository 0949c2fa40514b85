import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/problems';
import { EnvironmentError, environmentErrorOf, isSystemError } from '../files/environment-error';
import { DEFAULT_MAX_INPUT_MIB } from '../files/read-input';
import { KUBERNETES_VERSIONS, MOUNT_APPROACHES, MountApproach } from '../config/schema';
import { DEFAULT_KUBERNETES_VERSION } from './default-kubernetes-version';
import type { CheckOptions } from './check';
import type { SynthOptions } from './synth';
import { formatConfigError, formatErrorLine } from './error-output';
import { printable } from '../printable';
import { EXIT, ManifestsInvalid, OutOfDateError, UsageError } from './exit-codes';
import { withKubeconformSpellings } from './kubeconform-spellings';
import { packageVersion } from './package-version';
import { paint, terminalFor } from './terminal';

/*
 * Each command's module is required when the command runs (synth pulls in
 * cdk8s and the config validator, which `check` does not need). The requires
 * name their module literally so that the bundler (scripts/bundle-cli.js)
 * finds them; it keeps them lazy.
 */

/** `--max-input-mib`: the size limit of every input file, raised for the rare huge bundle. */
function maxInputOption(): Option {
  return new Option('--max-input-mib <MiB>', 'refuse input files (and standard input) larger than this')
    .default(DEFAULT_MAX_INPUT_MIB)
    .argParser((value) => {
      const mib = Number(value);
      if (!/^[0-9]+$/.test(value) || mib < 1 || mib > 4096) throw new InvalidArgumentError('a whole number of MiB from 1 to 4096');
      return mib;
    });
}

/** A repeatable option's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function program(): Command {
  const cli = new Command('mountpoint-s3-spark')
    .description('Turns one config into the manifests that give Spark jobs on EKS their jars from S3 through Mountpoint.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      '\nExamples:\n  $ mountpoint-s3-spark init --out platform.yaml\n  $ mountpoint-s3-spark synth --config platform.yaml --out dist\n  $ mountpoint-s3-spark check dist/manifests\n  $ mountpoint-s3-spark help synth',
    );

  cli
    .command('synth')
    .description(
      'validate the config and write the manifests and the Helm chart into the output directory (absent, empty, or its own earlier output: only files it wrote are replaced)',
    )
    .option('-c, --config <file>', 'config file (YAML or JSON); the built-in default when absent')
    .option('-o, --out <dir>', 'output directory', 'dist')
    .option('--check', 'write nothing: print a diff and exit 1 when the output directory is not what synth would write')
    .option('--no-check', "write without checking the manifests first (see `check`) for the config's cluster.kubernetesVersion")
    .option('--chart-version <semver>', 'version of the Helm chart instead of chart.version')
    .option('-e, --environment <name>', 'synthesize only this environment of the config, into DIR/<name>/ (default: every environment)')
    .addOption(
      new Option('--output <format>', 'summary on standard output: text, or json (files, objects per kind, timings, check verdict)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(new Option('-q, --quiet', 'print errors only').conflicts('verbose'))
    .option('-v, --verbose', 'print every step with its counts and time, and the objects per kind')
    .addOption(maxInputOption())
    .addHelpText(
      'after',
      '\nOn a terminal, progress goes to standard error; in CI (CI=true) or a pipe only the result is printed.\n\nExamples:\n  $ mountpoint-s3-spark synth\n  $ mountpoint-s3-spark synth --config platform.yaml --out gitops/spark --chart-version 1.4.1\n  $ mountpoint-s3-spark synth --check    # in CI: is the committed output current?\n  $ mountpoint-s3-spark synth --config platform.yaml --output json | jq .objects',
    )
    .action((opts: SynthOptions) => (require('./synth') as typeof import('./synth')).synthCommand(opts));

  cli
    .command('check')
    .description(
      'validate Kubernetes manifests offline: strict schemas (as kubeconform), CRD CEL rules, API-server rules, wiring between objects',
    )
    .argument('[path...]', 'YAML/JSON files or directories; - reads standard input', ['dist/manifests'])
    .option(
      '-k, --kubernetes-version <version>',
      `Kubernetes version to check against: ${KUBERNETES_VERSIONS.join(', ')}, or with a patch version (1.30.0)`,
      DEFAULT_KUBERNETES_VERSION,
    )
    .option('--all-versions', 'check against every supported Kubernetes version')
    .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json', 'junit', 'tap']).default('text'))
    .option(
      '--schema-location <template>',
      'also read schemas from this local path template (kubeconform\'s variables; repeatable; "default" = the vendored schemas)',
      collect,
    )
    .option('--skip <kinds>', 'kinds (or apiVersion/Kind) not to check, comma-separated', collect)
    .option('--reject <kinds>', 'kinds (or apiVersion/Kind) that must not appear, comma-separated', collect)
    .option('--ignore-missing-schemas', 'skip objects of kinds without a schema instead of failing them')
    .option('--strict', 'accepted for kubeconform compatibility: the schemas are always strict')
    .option('--summary', "end the text report with kubeconform's summary line")
    .option(
      '--strict-references',
      'references to objects that are not among the checked ones are errors, not warnings (the set is complete)',
    )
    .option('--warnings-as-errors', 'exit 1 on warnings too')
    .option('--skip-rules <ids>', 'rule ids whose findings are dropped, comma-separated (see --list-rules)', collect)
    .option('--list-rules', 'print every rule: id, severity, step, what it refuses, where it is documented')
    .option(
      '--kubeconform <bin>',
      'also run this kubeconform on the same files and schemas and report disagreements (default: $KUBECONFORM, then PATH)',
    )
    .addOption(new Option('-q, --quiet', 'print nothing when everything is valid; the report otherwise').conflicts('verbose'))
    .option('-v, --verbose', 'print every step (load, each version, kubeconform) with its counts and time on standard error')
    .addOption(maxInputOption())
    .addHelpText(
      'after',
      "\nExit codes: 0 no errors (warnings allowed), 1 an error (or a warning with --warnings-as-errors), 2 usage error.\n\nExamples:\n  $ mountpoint-s3-spark check\n  $ mountpoint-s3-spark check dist/manifests --all-versions --output junit > check.xml\n  $ helm template my-chart | mountpoint-s3-spark check - --kubernetes-version 1.32.0 --summary\n  $ mountpoint-s3-spark check k8s/ --schema-location default --schema-location 'crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'",
    )
    .action((paths: string[], opts: CheckOptions) => (require('./check') as typeof import('./check')).checkCommand(paths, opts));

  cli
    .command('validate')
    .description('validate the config only; prints every problem with its field path')
    .option('-c, --config <file>', 'config file (YAML or JSON); the built-in default when absent')
    .addOption(maxInputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mountpoint-s3-spark validate --config platform.yaml\n  $ mountpoint-s3-spark validate    # the built-in default config',
    )
    .action((opts: { config?: string; maxInputMib?: number }) =>
      (require('./validate') as typeof import('./validate')).validateCommand(opts),
    );

  cli
    .command('init')
    .description('write a commented starter config that validates')
    .addOption(new Option('-a, --approach <approach>', 'mount approach').choices([...MOUNT_APPROACHES]).default('node-daemonset'))
    .option('-o, --out <file>', 'write to this file instead of standard output (never overwrites)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mountpoint-s3-spark init --out platform.yaml\n  $ mountpoint-s3-spark init --approach pod-csi > platform.yaml',
    )
    .action((opts: { approach: MountApproach; out?: string }) => (require('./init') as typeof import('./init')).initCommand(opts));

  cli
    .command('schema')
    .description("print the config's JSON Schema (also shipped as mountpoint-s3-spark/schema.json), for editors and other validators")
    .addHelpText('after', '\nExamples:\n  $ mountpoint-s3-spark schema > config.schema.json')
    .action(() => (require('./schema') as typeof import('./schema')).schemaCommand());

  return cli;
}

/**
 * Runs the CLI and gives the process exit code instead of exiting, so tests
 * can call it. Asynchronous because `synth` may wait for its worker thread.
 */
export async function run(argv: readonly string[]): Promise<number> {
  endQuietlyWhenReaderCloses(process.stdout);
  try {
    await program().parseAsync(withKubeconformSpellings(argv), { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    return exitCodeFor(error);
  }
}

/**
 * The entry of synth's worker thread (package-worker.ts), which runs the
 * file the main thread runs: in the shipped CLI, the bundle of this module.
 */
export function runPackageWorker(): void {
  (require('./package-worker') as typeof import('./package-worker')).runPackageWorker();
}

let watchingStdout = false;

/**
 * A reader that stops early (`schema | head`) closes the pipe, and the next
 * write fails with EPIPE. Like other command-line tools, end then without a
 * word and with the exit code the command already has, instead of crashing
 * on an unhandled stream error.
 */
function endQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  if (watchingStdout) return;
  watchingStdout = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.OK);
  });
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; everything else commander raises is a usage error it already printed.
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(formatConfigError(error, terminalFor(process.stderr)));
    return EXIT.USAGE;
  }
  if (error instanceof OutOfDateError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.OUT_OF_DATE;
  }
  if (error instanceof ManifestsInvalid) {
    if (error.message) process.stderr.write(error.message);
    return EXIT.INVALID;
  }
  if (error instanceof EnvironmentError || isSystemError(error)) {
    const { path, reason } = error instanceof EnvironmentError ? error : environmentErrorOf(error);
    process.stderr.write(
      `${paint(terminalFor(process.stderr), 'red', 'mountpoint-s3-spark:')} ${path ? `${printable(path)}: ` : ''}${printable(reason)}\n`,
    );
    return EXIT.USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(formatErrorLine('error', printable(error.message), terminalFor(process.stderr)));
    return EXIT.USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(formatErrorLine('internal error', message, terminalFor(process.stderr)));
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.INTERNAL;
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
