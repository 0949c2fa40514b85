import { RenderedFiles } from '../rendered-files';
import { checkResources, CheckReport } from './check-resources';
import { addText, LoadedInput } from './load-resources';

/**
 * What `synth` checks: the objects of manifests/ and the GitOps objects
 * (Argo CD, Flux) under gitops/, against the vendored Argo CD and Flux CRDs.
 * The IAM policies and OVERVIEW.md are not Kubernetes objects.
 */
const CHECKED_DIRECTORIES = ['manifests/', 'gitops/'];

/** The objects of the rendered files `synth` checks. */
function loadRenderedManifests(files: RenderedFiles): LoadedInput {
  const input: LoadedInput = { resources: [], errors: [] };
  for (const [path, text] of files) {
    if (CHECKED_DIRECTORIES.some((dir) => path.startsWith(dir)) && typeof text === 'string') addText(input, path, text);
  }
  return input;
}

/**
 * The checks `synth` runs on the files it is about to write, for one version.
 * Its output is the complete set, so references are strict.
 */
export function checkRenderedManifests(files: RenderedFiles, kubernetesVersion: string): CheckReport {
  const input = loadRenderedManifests(files);
  return checkResources(input.resources, { kubernetesVersion, loadErrors: input.errors, strictReferences: true });
}
