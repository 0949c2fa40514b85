import { hash } from 'node:crypto';
import { ownEntry } from '../map-values';
import { isSha256Hex, mayBeSealed, sealedKeys, sealedSummary } from '../sealed';
import { mayHoldToken, sealedWithoutToken, Tokens } from './tokens';
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
  // Integer tokens are large: a smaller number is no token, and needs no lookup.
  let leastInteger = Infinity;
  for (const [token, value] of replacement) if (typeof value === 'number') leastInteger = Math.min(leastInteger, Number(token));
  // Found on the way, for the digests: the texts that changed, and where each text that may be a digest is.
  const changed = new Map<string, string>();
  const hexes: Array<{ readonly text: string; readonly path: ReadonlyArray<string | number> | undefined }> = [];
  const path: Array<string | number> = [];
  const put = (text: string): string => {
    if (!mayHoldToken(tokens, text)) return text;
    const after = text.replace(tokens.pattern, (token) => {
      const value = replacement.get(token);
      return value === undefined ? token : String(value);
    });
    if (after !== text) changed.set(text, after);
    return after;
  };
  const patch = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (isSha256Hex(node)) hexes.push({ text: node, path: [...path] });
      return put(node);
    }
    if (typeof node === 'number') return node < leastInteger ? node : (replacement.get(String(node)) ?? node);
    if (Array.isArray(node)) {
      if (mayBeSealed(node.length) && unchangedSealed(node)) return node;
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const patched = patch(node[i]);
        path.pop();
        if (patched !== node[i]) copy ??= node.slice();
        if (copy) copy[i] = patched;
      }
      return copy ?? node;
    }
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (unchangedSealed(record)) return node;
      const keys = sealedKeys(record) ?? Object.keys(record);
      let copy: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        // A key is never a digest we write, but one that matches makes a fixed value's digest unpatchable.
        if (isSha256Hex(key)) hexes.push({ text: key, path: undefined });
        const patchedKey = put(key);
        path.push(patchedKey);
        const patched = patch(record[key]);
        path.pop();
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
  // A sealed collection (lib/sealed.ts) that spells no token and no digest is found so once, and shared as it is.
  const unchangedSealed = (node: object): boolean => sealedWithoutToken(tokens, node) && !sealedSummary(node).digestLike;
  let result = patch(objects);
  if (hexes.length === 0) return result;
  const texts = new Set(hexes.map((hex) => hex.text));
  const digests = new Map<string, string>();
  for (const [before, after] of changed) {
    const digest = sha256(before);
    if (!texts.has(digest)) continue;
    if (!rehash) return undefined;
    digests.set(digest, sha256(after));
    // Each text that may be a digest is that of one text at most: once all are found, no other text can be one.
    if (digests.size === texts.size) break;
  }
  for (const { text, path: at } of hexes) {
    const digest = digests.get(text);
    if (digest !== undefined && at !== undefined) result = withValueAt(result, at, digest);
  }
  return result;
}

/** `root` with `value` at `path`, every object and array on the way copied (they may be shared with the input). */
function withValueAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[step as number] = withValueAt(root[step as number], rest, value);
    return copy;
  }
  const record = root as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) ownEntry(copy, key, key === step ? withValueAt(record[key], rest, value) : record[key]);
  return copy;
}

/** The hex sha256 of a text, as Helm's `sha256sum` writes it. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
