import { createHash } from 'node:crypto';
import { mayHoldToken, Tokens } from './tokens';
import { allStrings, collectNumbers, eachString } from './template-text';
import { ChartValue } from './values';

/**
 * Fields the API server refuses to change once an object exists, by kind: a
 * `helm upgrade` that changed them would fail. A PersistentVolume's volume
 * source (`spec.csi`: bucket name, cache and resource attributes) and
 * `volumeMode`; all of a claim's spec but its requested size.
 */
const IMMUTABLE_FIELDS: Readonly<Record<string, (spec: Record<string, unknown>) => unknown[]>> = {
  PersistentVolume: (spec) => [spec.csi, spec.volumeMode, spec.nodeAffinity],
  PersistentVolumeClaim: ({ resources: _size, ...rest }) => [rest],
};

/**
 * The values whose tokens land in an immutable field of some object: they
 * stay fixed at synth time rather than become Helm values, so no value can
 * make an upgrade fail (a changed bucket is a new config, a new synth).
 */
export function valuesInImmutableFields(objects: readonly unknown[], tokens: Tokens): Set<ChartValue> {
  const found = new Set<ChartValue>();
  for (const object of objects as Array<{ kind?: string; spec?: Record<string, unknown> }>) {
    const fields = IMMUTABLE_FIELDS[object?.kind ?? '']?.(object.spec ?? {}) ?? [];
    const texts = allStrings(fields);
    collectNumbers(fields, texts);
    for (const text of texts) {
      for (const [token] of text.matchAll(tokens.pattern)) {
        const value = tokens.byToken.get(token);
        if (value) found.add(value);
      }
    }
  }
  return found;
}

/**
 * `objects` as a build from the config with `fixed` values not tokenized
 * would give them: each of their tokens replaced by the value, which spares a
 * second build. Undefined when a string is the digest of one that holds such
 * a token (a digest cannot be patched): build again then.
 */
export function withValuesFixed(objects: unknown, tokens: Tokens, fixed: ReadonlySet<ChartValue>): unknown {
  const replacement = new Map([...tokens.byToken].filter(([, value]) => fixed.has(value)).map(([token, value]) => [token, value.value]));
  const digests = new Set<string>();
  const strings: string[] = [];
  eachString(objects, (text) => (mayHoldToken(tokens, text) || (text.length === 64 && /^[0-9a-f]{64}$/.test(text))) && strings.push(text));
  for (const text of strings) {
    if ([...text.matchAll(tokens.pattern)].some(([token]) => replacement.has(token)))
      digests.add(createHash('sha256').update(text).digest('hex'));
  }
  if (strings.some((text) => digests.has(text))) return undefined;
  // Only what holds a fixed token is copied; everything else is shared with `objects`.
  const patch = (node: unknown): unknown => {
    if (typeof node === 'number') return replacement.get(String(node)) ?? node;
    if (typeof node === 'string') {
      if (!mayHoldToken(tokens, node)) return node;
      return node.replace(tokens.pattern, (token) => (replacement.has(token) ? String(replacement.get(token)) : token));
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      node.forEach((item, i) => {
        const patched = patch(item);
        if (patched !== item) copy ??= node.slice();
        if (copy) copy[i] = patched;
      });
      return copy ?? node;
    }
    if (node && typeof node === 'object') {
      const entries = Object.entries(node);
      let copy: Array<[string, unknown]> | undefined;
      entries.forEach(([key, child], i) => {
        const patchedKey = patch(key) as string;
        const patched = patch(child);
        if (patchedKey !== key || patched !== child) copy ??= entries.slice(0, i);
        copy?.push([patchedKey, patched]);
      });
      return copy ? Object.fromEntries(copy) : node;
    }
    return node;
  };
  return patch(objects);
}
