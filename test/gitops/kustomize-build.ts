import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { RenderedFiles } from '../../lib/rendered-files';
import { K8sObject, requireTool, tempDir } from '../helpers';

/** Writes rendered files under a fresh directory, as they are committed; returns it. */
export function writeOutput(files: RenderedFiles): string {
  const dir = tempDir();
  for (const [path, content] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `kubectl kustomize DIR`: the objects, or an error carrying kustomize's message. */
export function kustomize(dir: string): K8sObject[] {
  const result = spawnSync(requireTool('kubectl'), ['kustomize', dir], { encoding: 'utf8' });
  if (result.status !== 0 || result.stderr) throw new Error(`kubectl kustomize ${dir}: ${result.stderr}`);
  return yaml.loadAll(result.stdout) as K8sObject[];
}

/**
 * What Flux (a Kustomization's `spec.patches`) or Argo CD (an Application's
 * `spec.source.kustomize.patches`) builds from `resources`: both add the
 * patches to a kustomization over that directory and run kustomize.
 */
export function kustomizeWithPatches(output: string, resources: string, patches: unknown[]): K8sObject[] {
  // kustomize accepts only relative paths to other kustomizations: the overlay lives inside the output.
  const overlay = mkdtempSync(join(output, 'overlay-'));
  writeFileSync(join(overlay, 'kustomization.yaml'), yaml.dump({ resources: [join('..', resources)], patches }));
  return kustomize(overlay);
}

export const objectId = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
