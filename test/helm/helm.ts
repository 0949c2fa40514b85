import { spawnSync } from 'node:child_process';
import * as yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../../lib/config/schema';
import { synthesize } from '../../lib/synth/synthesize';
import { writeOutput } from '../../lib/synth/write';
import { K8sObject, requireTool, tempDir } from '../helpers';

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real helm; a missing helm fails the test rather than skipping it. */
export function helm(args: string[]): HelmResult {
  const result = spawnSync(requireTool('helm'), args, { encoding: 'utf8', maxBuffer: 1 << 30 });
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

/** Synthesizes `config` into a fresh directory; the chart's paths in it. */
export function synthChart(config: Config) {
  const out = tempDir();
  writeOutput(out, synthesize(config));
  const { name, version } = config.chart;
  const manifests = readdirSync(join(out, 'manifests'))
    .filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((f) => yaml.loadAll(readFileSync(join(out, 'manifests', f), 'utf8')) as K8sObject[]);
  return { out, name, version, dir: join(out, 'helm', name), tgz: join(out, 'helm', `${name}-${version}.tgz`), manifests };
}

/**
 * Helm's own labels replaced by the bundle's, and the annotation that keeps
 * a Namespace through `helm uninstall` removed, so the two renderings can be
 * compared whole.
 */
export function asBundleObject(object: K8sObject, chart: string): K8sObject {
  const copy = JSON.parse(JSON.stringify(object)) as K8sObject;
  const labels = copy.metadata.labels ?? {};
  expect(labels['helm.sh/chart']).toBe(chart);
  expect(labels['app.kubernetes.io/managed-by']).toBe('Helm');
  delete labels['helm.sh/chart'];
  labels['app.kubernetes.io/managed-by'] = 'mountpoint-s3-spark';
  if (copy.kind === 'Namespace') {
    const annotations = copy.metadata.annotations ?? {};
    expect(annotations['helm.sh/resource-policy']).toBe('keep');
    delete annotations['helm.sh/resource-policy'];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

export function expectSameObjects(rendered: K8sObject[], manifests: K8sObject[], chart: string): void {
  expect(byKey(rendered.map((o) => asBundleObject(o, chart)))).toEqual(byKey(manifests));
}
