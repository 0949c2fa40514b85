import { createHash } from 'node:crypto';
import { eachString } from './template-text';
import { mayHoldToken, Tokens } from './tokens';
import { ChartValue } from './values';

/**
 * Objects built from the tokenized config with the tokens of `values` put
 * back: each token replaced by its value (a whole number by the number, a
 * token inside a string by the value's text), and each sha256 of a string
 * that held such a token by the sha256 of that string with its values put
 * back. What Helm renders from the chart's templates for these values, so
 * the same objects a build from the config itself gives. Undefined with
 * `rehash` false when a digest would have to change.
 *
 * Only what holds such a token is copied; everything else is shared with
 * `objects`.
 */
export function withTokenValues(objects: unknown, tokens: Tokens, values: ReadonlySet<ChartValue>, rehash: boolean): unknown {
  const replacement = new Map<string, string | number>();
  for (const [token, value] of tokens.byToken) if (values.has(value)) replacement.set(token, value.value);
  const put = (text: string): string =>
    text.replace(tokens.pattern, (token) => {
      const value = replacement.get(token);
      return value === undefined ? token : String(value);
    });
  const digests = new Map<string, string>();
  const holding: string[] = [];
  const hexes = new Set<string>();
  eachString(objects, (text) => {
    if (text.length === 64 && SHA256_HEX.test(text)) hexes.add(text);
    if (mayHoldToken(tokens, text)) holding.push(text);
  });
  if (hexes.size > 0) {
    for (const text of holding) {
      const digest = sha256(text);
      if (!hexes.has(digest)) continue;
      const valued = put(text);
      if (valued === text) continue;
      if (!rehash) return undefined;
      digests.set(digest, sha256(valued));
    }
  }
  const patch = (node: unknown): unknown => {
    if (typeof node === 'number') return replacement.get(String(node)) ?? node;
    if (typeof node === 'string') return digests.get(node) ?? (mayHoldToken(tokens, node) ? put(node) : node);
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const patched = patch(node[i]);
        if (patched !== node[i]) copy ??= node.slice();
        if (copy) copy[i] = patched;
      }
      return copy ?? node;
    }
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const keys = Object.keys(record);
      let copy: Array<[string, unknown]> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const patchedKey = patch(key) as string;
        const patched = patch(record[key]);
        if (copy === undefined && (patchedKey !== key || patched !== record[key])) copy = keys.slice(0, i).map((k) => [k, record[k]]);
        copy?.push([patchedKey, patched]);
      }
      return copy ? Object.fromEntries(copy) : node;
    }
    return node;
  };
  return patch(objects);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
