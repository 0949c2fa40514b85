import { RenderedFiles } from '../rendered-files';
import { checkResources, CheckReport } from './check-resources';
import { addText, LoadedInput } from './load-resources';

/**
 * The objects `synth` checks: those of manifests/. The IAM policies,
 * OVERVIEW.md and the GitOps bootstrap objects (Argo CD, Flux) are not
 * objects of the bundle.
 */
function loadRenderedManifests(files: RenderedFiles): LoadedInput {
  const input: LoadedInput = { resources: [], errors: [] };
  for (const [path, text] of files) {
    if (path.startsWith('manifests/') && typeof text === 'string') addText(input, path, text);
  }
  return input;
}

/** The checks `synth` runs on the files it is about to write, for one version. */
export function checkRenderedManifests(files: RenderedFiles, kubernetesVersion: string): CheckReport {
  const input = loadRenderedManifests(files);
  return checkResources(input.resources, { kubernetesVersion, loadErrors: input.errors });
}
