import { createHash } from 'node:crypto';
import { ownEntry } from '../map-values';
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
  // Integer tokens are large: a smaller number is no token, and needs no lookup.
  let leastInteger = Infinity;
  for (const [token, value] of replacement) if (typeof value === 'number') leastInteger = Math.min(leastInteger, Number(token));
  const patch = (node: unknown): unknown => {
    if (typeof node === 'string') return digests.get(node) ?? (mayHoldToken(tokens, node) ? put(node) : node);
    if (typeof node === 'number') return node < leastInteger ? node : (replacement.get(String(node)) ?? node);
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
      let copy: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const patchedKey = mayHoldToken(tokens, key) ? put(key) : key;
        const patched = patch(record[key]);
        if (copy === undefined && (patchedKey !== key || patched !== record[key])) {
          copy = {};
          for (let j = 0; j < i; j++) ownEntry(copy, keys[j], record[keys[j]]);
        }
        if (copy !== undefined) ownEntry(copy, patchedKey, patched);
      }
      return copy ?? node;
    }
    return node;
  };
  return patch(objects);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
