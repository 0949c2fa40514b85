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
  const put = new ValuesPut(tokens, values);
  const hexes: HexText[] = [];
  const result = put.copy(objects, hexes);
  if (hexes.length === 0) return result;
  const digests = put.digests(new Set(hexes.map((hex) => hex.text)), rehash);
  return digests && withDigests(result, hexes, digests);
}

/** `root` with each text of `hexes` that `digests` holds replaced, where it is, by its new digest. */
export function withDigests(root: unknown, hexes: readonly HexText[], digests: ReadonlyMap<string, string>): unknown {
  let result = root;
  for (const { text, path } of hexes) {
    const digest = digests.get(text);
    if (digest !== undefined && path !== undefined) result = withValueAt(result, path, digest);
  }
  return result;
}

/** A text met that may be a digest, and where it is (undefined for a map key, which is never patched). */
export interface HexText {
  readonly text: string;
  readonly path: ReadonlyArray<string | number> | undefined;
}

/**
 * The values of some tokens put back into texts and numbers, one at a time
 * (`text`, `number`) or into a copy of a tree (`copy`); remembers the texts
 * that changed, of which `digests` finds the digests.
 */
export class ValuesPut {
  private readonly replacement = new Map<string, string | number>();
  /** Integer tokens are large: a smaller number is no token, and needs no lookup. */
  private readonly leastInteger: number = Infinity;
  /** The texts that changed, each once, and what they became. */
  private readonly changed = new Map<string, string>();

  constructor(
    private readonly tokens: Tokens,
    values: ReadonlySet<ChartValue>,
  ) {
    for (const [token, value] of tokens.byToken) if (values.has(value)) this.replacement.set(token, value.value);
    for (const [token, value] of this.replacement)
      if (typeof value === 'number') this.leastInteger = Math.min(this.leastInteger, Number(token));
  }

  /** `text` with the values in it; remembered for `digests` if it changed. */
  text(text: string): string {
    const after = this.substituted(text);
    if (after !== text) this.changed.set(text, after);
    return after;
  }

  /** `text` with the values in it. */
  substituted(text: string): string {
    if (!mayHoldToken(this.tokens, text)) return text;
    return text.replace(this.tokens.pattern, (token) => {
      const value = this.replacement.get(token);
      return value === undefined ? token : String(value);
    });
  }

  /** `value`, or the value whose token it is. */
  number(value: number): string | number {
    return value < this.leastInteger ? value : (this.replacement.get(String(value)) ?? value);
  }

  /** Whether `node` is a sealed collection (lib/sealed.ts) that spells no token and no digest: found once, and shared as it is. */
  unchangedSealed(node: object): boolean {
    return sealedWithoutToken(this.tokens, node) && !sealedSummary(node).digestLike;
  }

  /** `node` with the values put back: only what holds a token is copied. Adds each text that may be a digest to `hexes`. */
  copy(node: unknown, hexes: HexText[]): unknown {
    const path: Array<string | number> = [];
    const patch = (node: unknown): unknown => {
      if (typeof node === 'string') {
        if (isSha256Hex(node)) hexes.push({ text: node, path: [...path] });
        return this.text(node);
      }
      if (typeof node === 'number') return this.number(node);
      if (Array.isArray(node)) {
        if (mayBeSealed(node.length) && this.unchangedSealed(node)) return node;
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
        if (this.unchangedSealed(record)) return node;
        const keys = sealedKeys(record) ?? Object.keys(record);
        let copy: Record<string, unknown> | undefined;
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i];
          // A key is never a digest we write, but one that matches makes a fixed value's digest unpatchable.
          if (isSha256Hex(key)) hexes.push({ text: key, path: undefined });
          const patchedKey = this.text(key);
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
    return patch(node);
  }

  /**
   * Of `hexes`, the texts that are the sha256 of a text that changed so far,
   * each with the sha256 of what that text became; undefined, with `rehash`
   * false, when there is one.
   */
  digests(hexes: ReadonlySet<string>, rehash: boolean): Map<string, string> | undefined {
    const digests = new Map<string, string>();
    for (const [before, after] of this.changed) {
      const digest = sha256(before);
      if (!hexes.has(digest)) continue;
      if (!rehash) return undefined;
      digests.set(digest, sha256(after));
      // Each text that may be a digest is that of one text at most: once all are found, no other text can be one.
      if (digests.size === hexes.size) break;
    }
    return digests;
  }
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
