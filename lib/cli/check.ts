import { readFileSync } from 'node:fs';
import { checkResources, CheckReport, passed, summarize } from '../check/check-resources';
import { crossCheckWithKubeconform, findKubeconform } from '../check/kubeconform';
import { loadResources, LoadedInput } from '../check/load-resources';
import { REPORTERS } from '../check/report';
import { supportedVersions } from '../check/schema-registry';
import { DEFAULT_KUBERNETES_VERSION } from './default-kubernetes-version';
import { ManifestsInvalid, UsageError } from './exit-codes';
import { CommandIo, processIo } from './io';
import { count, Progress, verbosityOf } from './progress';

export interface CheckOptions {
  readonly kubernetesVersion?: string;
  readonly allVersions?: boolean;
  readonly output: string;
  readonly kubeconform?: string;
  readonly ignoreMissingSchemas?: boolean;
  /** No progress, and no text report when everything is valid. */
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}


/** `check [PATH...]`: prints the report; throws ManifestsInvalid (exit 1) when anything is invalid. */
export function checkCommand(paths: readonly string[], opts: CheckOptions, io: CommandIo = processIo()): void {
  const render = REPORTERS[opts.output];
  if (!render) throw new UsageError(`--output must be one of ${Object.keys(REPORTERS).join(', ')}, not "${opts.output}"`);
  const versions = opts.allVersions ? supportedVersions() : [opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION];
  const unknown = versions.find((v) => !supportedVersions().includes(v));
  if (unknown) throw new UsageError(`--kubernetes-version must be one of ${supportedVersions().join(', ')}, not "${unknown}"`);
  const inputPaths = paths.length ? paths : ['dist/manifests'];
  if (inputPaths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const progress = new Progress(io.stderr, verbosityOf(opts));
  let stdin: string | undefined;
  const input: LoadedInput = progress.step('load', () => loadResources(inputPaths, () => (stdin = readFileSync(0, 'utf8'))), describeInput);
  const kubeconform = findKubeconform(opts.kubeconform);
  const reports = versions.map((kubernetesVersion) => {
    const report = progress.step(
      `check (Kubernetes ${kubernetesVersion})`,
      () => checkResources(input.resources, { kubernetesVersion, ignoreMissingSchemas: opts.ignoreMissingSchemas, loadErrors: input.errors }),
      describeReport,
    );
    if (!kubeconform) return report;
    const extra = progress.step('kubeconform', () => crossCheckWithKubeconform(kubeconform, report, { paths: inputPaths, stdin, ignoreMissingSchemas: opts.ignoreMissingSchemas }), (found) => count(found.length, 'disagreement'));
    return { ...report, findings: [...report.findings, ...extra] };
  });
  const valid = reports.every(passed);
  if (!(valid && opts.quiet && opts.output === 'text')) io.stdout(render(reports));
  if (!valid) throw new ManifestsInvalid('');
}

function describeInput(input: LoadedInput): string {
  const unreadable = input.errors.length ? `, ${count(input.errors.length, 'unreadable document')}` : '';
  return `${count(input.resources.length, 'object')}${unreadable}`;
}

/** `6,012 valid, 1 invalid, 1 skipped`. */
export function describeReport(report: CheckReport): string {
  const { valid, invalid, skipped } = summarize(report);
  return [`${count(valid, 'object')} valid`, invalid ? `${invalid} invalid` : '', skipped ? `${skipped} skipped` : ''].filter(Boolean).join(', ');
}
