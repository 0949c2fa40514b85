import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';

/**
 * The EC2NodeClasses whose `userData` differs between the manifests about to
 * be written (`files`, by path relative to `outDir`) and those already in
 * `outDir`: Karpenter treats every node of
 * such a class as drifted and replaces them all. Classes that are new or gone
 * are not drift. An unreadable or malformed earlier file counts as absent:
 * this is a notice, never a reason to fail.
 */
export function userDataDrift(outDir: string, files: ReadonlyMap<string, string | Buffer>): string[] {
  const drifted: string[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith('manifests/') || !path.endsWith('.k8s.yaml') || typeof text !== 'string') continue;
    // Parsed only when there is something to compare: synth writes each object's kind at column 0.
    if (!/^kind: EC2NodeClass$/m.test(text)) continue;
    const earlierText = readEarlier(join(outDir, path));
    if (earlierText === '') continue;
    const now = userDataByNodeClass(text);
    const before = userDataByNodeClass(earlierText);
    for (const [name, userData] of now) {
      const earlier = before.get(name);
      if (earlier !== undefined && earlier !== userData) drifted.push(name);
    }
  }
  return drifted;
}

/** Larger than any manifest synth writes; a bigger file is not one of ours. */
const MAX_EARLIER_BYTES = 64 * 1024 * 1024;

/** The earlier file's text; '' unless it is a regular file of plausible size (not a symlink to /dev/zero). */
function readEarlier(file: string): string {
  try {
    const stat = lstatSync(file);
    return stat.isFile() && stat.size <= MAX_EARLIER_BYTES ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

function userDataByNodeClass(text: string): Map<string, string> {
  const byName = new Map<string, string>();
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text);
  } catch {
    return byName;
  }
  for (const doc of documents) {
    const object = doc as { kind?: unknown; metadata?: { name?: unknown }; spec?: { userData?: unknown } } | null;
    if (object?.kind !== 'EC2NodeClass' || typeof object.metadata?.name !== 'string') continue;
    byName.set(object.metadata.name, typeof object.spec?.userData === 'string' ? object.spec.userData : '');
  }
  return byName;
}
