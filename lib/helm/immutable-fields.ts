import { Tokens } from './tokens';
import { allStrings, collectNumbers } from './template-text';
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
