import { applyPolicy, checkResources, CheckReport, CheckResourcesOptions, passed, summarize } from '../check/check-resources';
import { crossCheckWithKubeconform, findKubeconform } from '../check/kubeconform';
import { KubernetesVersion, parseKubernetesVersion } from '../check/kubernetes-version';
import { loadResources, LoadedInput } from '../check/load-resources';
import { readStandardInput } from '../files/read-input';
import { REPORTERS } from '../check/report';
import { parseRuleIds, renderRuleList } from '../check/rule-registry';
import { SchemaLocations } from '../check/schema-locations';
import { supportedVersions } from '../check/schema-registry';
import { DEFAULT_KUBERNETES_VERSION } from './default-kubernetes-version';
import { ManifestsInvalid, UsageError } from './exit-codes';
import { CommandIo, processIo } from './io';
import { printable } from '../printable';
import { count, Progress, verbosityOf } from './progress';

export interface CheckOptions {
  readonly kubernetesVersion?: string;
  readonly allVersions?: boolean;
  readonly output: string;
  readonly kubeconform?: string;
  readonly ignoreMissingSchemas?: boolean;
  /** kubeconform's `-schema-location`, repeatable. */
  readonly schemaLocation?: readonly string[];
  /** kubeconform's `-skip` / `-reject`: kinds or apiVersion/kinds, comma-separated, repeatable. */
  readonly skip?: readonly string[];
  readonly reject?: readonly string[];
  readonly summary?: boolean;
  readonly strictReferences?: boolean;
  readonly warningsAsErrors?: boolean;
  readonly skipRules?: readonly string[];
  readonly listRules?: boolean;
  /** No progress, and no text report when everything is valid. */
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  /** Largest input file (or standard input) read, in MiB. */
  readonly maxInputMib?: number;
}

/** `check [PATH...]`: prints the report; throws ManifestsInvalid (exit 1) when anything is invalid. */
export function checkCommand(paths: readonly string[], opts: CheckOptions, io: CommandIo = processIo()): void {
  if (opts.listRules) {
    io.stdout(renderRuleList());
    return;
  }
  const render = REPORTERS[opts.output];
  if (!render) throw new UsageError(`--output must be one of ${Object.keys(REPORTERS).join(', ')}, not "${opts.output}"`);
  const versions: KubernetesVersion[] = opts.allVersions
    ? supportedVersions().map((minor) => ({ minor, exact: `${minor}.0` }))
    : [parseKubernetesVersion(opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, supportedVersions())];
  const checkOptions = resourceCheckOptions(opts, opts.allVersions ? undefined : versions[0].exact);
  const inputPaths = paths.length ? paths : ['dist/manifests'];
  if (inputPaths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const progress = new Progress(io.stderr, verbosityOf(opts));
  let stdin: string | undefined;
  const readStdin = (maxBytes: number): string => (stdin = readStandardInput(maxBytes));
  const input: LoadedInput = progress.step(
    'load',
    () => loadResources(inputPaths, { readStdin, maxInputMiB: opts.maxInputMib }),
    describeInput,
  );
  for (const skipped of input.skipped ?? []) io.stderr.write(`warning: ${printable(skipped)}\n`);
  // Empty input is almost always a failed step before (`helm template … | check -` after helm failed), never a valid bundle.
  if (input.resources.length === 0 && input.errors.length === 0)
    throw new ManifestsInvalid(`no Kubernetes objects found in ${inputPaths.join(', ')}\n`);
  const kubeconform = findKubeconform(opts.kubeconform);
  const reports = versions.map(({ minor: kubernetesVersion }) => {
    const report = progress.step(
      `check (Kubernetes ${kubernetesVersion})`,
      () => checkResources(input.resources, { ...checkOptions, kubernetesVersion, loadErrors: input.errors }),
      describeReport,
    );
    if (!kubeconform) return report;
    const extra = progress.step(
      'kubeconform',
      () =>
        crossCheckWithKubeconform(kubeconform, report, {
          paths: inputPaths,
          stdin,
          ignoreMissingSchemas: opts.ignoreMissingSchemas,
          schemaLocations: opts.schemaLocation,
          skipKinds: checkOptions.skipKinds,
          rejectKinds: checkOptions.rejectKinds,
        }),
      (found) => count(found.length, 'disagreement'),
    );
    return { ...report, findings: [...report.findings, ...applyPolicy(extra, checkOptions)] };
  });
  const valid = reports.every(passed);
  if (!(valid && opts.quiet && opts.output === 'text')) io.stdout(render(reports, { summary: opts.summary }));
  if (!valid) throw new ManifestsInvalid('');
}

/** The command-line options that shape every version's check. */
function resourceCheckOptions(opts: CheckOptions, exactVersion: string | undefined): Omit<CheckResourcesOptions, 'kubernetesVersion'> {
  const csv = (values: readonly string[] | undefined) =>
    (values ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  const locations = opts.schemaLocation?.length ? new SchemaLocations(opts.schemaLocation, exactVersion) : undefined;
  return {
    ignoreMissingSchemas: opts.ignoreMissingSchemas,
    skipKinds: csv(opts.skip),
    rejectKinds: csv(opts.reject),
    schemaOf: locations && ((version, apiVersion, kind) => locations.find(version, apiVersion, kind)),
    strictReferences: opts.strictReferences,
    warningsAsErrors: opts.warningsAsErrors,
    skipRules: parseRuleIds(opts.skipRules ?? []),
  };
}

function describeInput(input: LoadedInput): string {
  const unreadable = input.errors.length ? `, ${count(input.errors.length, 'unreadable document')}` : '';
  return `${count(input.resources.length, 'object')}${unreadable}`;
}

/** `6,012 valid, 1 invalid, 1 skipped`. */
export function describeReport(report: CheckReport): string {
  const { valid, invalid, skipped } = summarize(report);
  return [`${count(valid, 'object')} valid`, invalid ? `${invalid} invalid` : '', skipped ? `${skipped} skipped` : '']
    .filter(Boolean)
    .join(', ');
}
