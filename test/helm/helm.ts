import { spawnSync } from 'node:child_process';
import * as yaml from 'js-yaml';
import { K8sObject, requireTool } from '../helpers';

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real helm; a missing helm fails the test rather than skipping it. */
export function helm(args: string[]): HelmResult {
  const result = spawnSync(requireTool('helm'), args, { encoding: 'utf8' });
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
