import { readFileSync } from 'node:fs';
import { checkResources, CheckReport, passed } from '../check/check-resources';
import { crossCheckWithKubeconform, findKubeconform } from '../check/kubeconform';
import { addText, loadResources, LoadedInput } from '../check/load-resources';
import { REPORTERS } from '../check/report';
import { supportedVersions } from '../check/schema-registry';
import { DEFAULT_KUBERNETES_VERSION } from './default-kubernetes-version';
import { RenderedFiles } from '../synth/render';
import { ManifestsInvalid, UsageError } from './exit-codes';

export interface CheckOptions {
  readonly kubernetesVersion?: string;
  readonly allVersions?: boolean;
  readonly output: string;
  readonly kubeconform?: string;
  readonly ignoreMissingSchemas?: boolean;
}


/** `check [PATH...]`: prints the report; throws ManifestsInvalid (exit 1) when anything is invalid. */
export function checkCommand(paths: readonly string[], opts: CheckOptions): void {
  const render = REPORTERS[opts.output];
  if (!render) throw new UsageError(`--output must be one of ${Object.keys(REPORTERS).join(', ')}, not "${opts.output}"`);
  const versions = opts.allVersions ? supportedVersions() : [opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION];
  const unknown = versions.find((v) => !supportedVersions().includes(v));
  if (unknown) throw new UsageError(`--kubernetes-version must be one of ${supportedVersions().join(', ')}, not "${unknown}"`);
  const inputPaths = paths.length ? paths : ['dist/manifests'];
  if (inputPaths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  let stdin: string | undefined;
  const input: LoadedInput = loadResources(inputPaths, () => (stdin = readFileSync(0, 'utf8')));
  const kubeconform = findKubeconform(opts.kubeconform);
  const reports = versions.map((kubernetesVersion) => {
    const report = checkResources(input.resources, { kubernetesVersion, ignoreMissingSchemas: opts.ignoreMissingSchemas, loadErrors: input.errors });
    if (!kubeconform) return report;
    const extra = crossCheckWithKubeconform(kubeconform, report, { paths: inputPaths, stdin, ignoreMissingSchemas: opts.ignoreMissingSchemas });
    return { ...report, findings: [...report.findings, ...extra] };
  });
  process.stdout.write(render(reports));
  if (!reports.every(passed)) throw new ManifestsInvalid('');
}

/**
 * The objects `synth` checks: those of manifests/. The IAM policies,
 * OVERVIEW.md and the GitOps bootstrap objects (Argo CD, Flux) are not
 * objects of the bundle.
 */
export function loadRenderedManifests(files: RenderedFiles): LoadedInput {
  const input: LoadedInput = { resources: [], errors: [] };
  for (const [path, text] of files) {
    if (path.startsWith('manifests/') && typeof text === 'string') addText(input, path, text);
  }
  return input;
}

/** The checks `synth` runs on the files it is about to write, for one version; the text report when something is invalid. */
export function checkRenderedFiles(files: RenderedFiles, kubernetesVersion: string): { report: CheckReport; text: string } | undefined {
  const input = loadRenderedManifests(files);
  const report = checkResources(input.resources, { kubernetesVersion, loadErrors: input.errors });
  return passed(report) ? undefined : { report, text: REPORTERS.text([report]) };
}
