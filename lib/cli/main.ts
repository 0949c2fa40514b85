import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/problems';
import { MOUNT_APPROACHES } from '../config/schema';
import { initCommand } from './init';
import { synthCommand } from './synth';
import { validateCommand } from './validate';
import { EXIT, UsageError } from './exit-codes';
import { packageVersion } from './package-version';

function program(): Command {
  const cli = new Command('mountpoint-s3-spark')
    .description('Turns one config into the manifests that give Spark jobs on EKS their jars from S3 through Mountpoint.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  cli
    .command('synth')
    .description('validate the config and write the manifests and the Helm chart (atomically) into the output directory')
    .option('-c, --config <file>', 'config file (YAML or JSON); the built-in default when absent')
    .option('-o, --out <dir>', 'output directory', 'dist')
    .option('--chart-version <semver>', 'version of the Helm chart (and the bundles\' version label) instead of chart.version')
    .addHelpText('after', '\nExamples:\n  $ mountpoint-s3-spark synth\n  $ mountpoint-s3-spark synth --config platform.yaml --out gitops/spark --chart-version 1.4.1')
    .action((opts: { config?: string; out: string; chartVersion?: string }) => synthCommand(opts));

  cli
    .command('validate')
    .description('validate the config only; prints every problem with its field path')
    .option('-c, --config <file>', 'config file (YAML or JSON); the built-in default when absent')
    .action((opts: { config?: string }) => validateCommand(opts));

  cli
    .command('init')
    .description('write a commented starter config that validates')
    .addOption(new Option('-a, --approach <approach>', 'mount approach').choices([...MOUNT_APPROACHES]).default('node-daemonset'))
    .option('-o, --out <file>', 'write to this file instead of standard output (never overwrites)')
    .action((opts: { approach: string; out?: string }) => initCommand(opts));

  return cli;
}

/** Runs the CLI and returns the process exit code instead of exiting, so tests can call it. */
export function run(argv: readonly string[]): number {
  try {
    program().parse([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; everything else commander raises is a usage error it already printed.
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`internal error: ${message}\n`);
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.INTERNAL;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
