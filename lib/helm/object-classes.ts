import { mapValues } from '../map-values';
import { isSealed, mayBeSealed, sealedSummary } from '../sealed';
import { checkName } from './value-checks';
import { mayHoldToken, Tokens } from './tokens';
import { ChartValue } from './values';

/**
 * Objects of one cdk8s chart that differ only in their names and in which
 * item's values they use (a Namespace, Role or SparkApplication per team):
 * the chart writes them as one template that ranges over a row per object,
 * instead of one file per object. A platform of 10,000 teams would otherwise
 * repeat the same YAML 10,000 times, past Helm's 100 MiB per chart archive.
 *
 * Two objects are of one class when they have the same shape: the same keys,
 * list lengths, numbers and booleans, and the same tokens in the same places
 * (same field, same key length). What may differ is text: a whole string, the
 * literal text around a token, and the list item names in a value's key
 * (`sparkApplications.<etl-5>.image`). Those become the row's columns.
 */
export interface ObjectClass {
  /** The objects, in the order they were given. */
  readonly members: readonly unknown[];
  /**
   * Present when the class has more than one member: the first member with
   * each varying text replaced by a row token (`rowTokens`), and the columns
   * of each member.
   */
  readonly factored?: FactoredClass;
}

export interface FactoredClass {
  /** The first member, its varying texts replaced by row tokens. */
  readonly object: unknown;
  /** Row token → its column. */
  readonly rowTokens: ReadonlyMap<string, number>;
  /**
   * A token of the first member whose key differs by row → its key, each
   * step either fixed text or a column.
   */
  readonly keys: ReadonlyMap<string, ReadonlyArray<string | { column: number }>>;
  /** Per member, the text of each column. */
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Every value any member uses. */
  readonly values: ReadonlySet<ChartValue>;
}

/** A string of an object: literal texts between tokens (always one more than the tokens). */
interface Texts {
  readonly literals: string[];
  readonly tokens: Array<{ token: string; value: ChartValue }>;
}

/** What a walk over an object finds: its shape, its texts in order, its values. */
interface Description {
  readonly shape: string;
  readonly atoms: string[];
  readonly values: Set<ChartValue>;
}

/** Objects that must keep a template of their own (their strings are digests, scripts, or depend on values). */
class Unfactorable extends Error {}

/**
 * Groups `objects` into classes, in order of their first member. `hashed` are
 * the strings that are digests of token-bearing strings: an object holding one
 * stays alone, as a digest cannot be a column.
 */
export function objectClasses(objects: readonly unknown[], tokens: Tokens, hashed: ReadonlySet<string>, rowStem: RowTokens): ObjectClass[] {
  const classes = new Map<string, { members: unknown[]; descriptions: Description[] }>();
  const singles: Array<{ members: unknown[]; descriptions: Description[] }> = [];
  const order: Array<{ members: unknown[]; descriptions: Description[] }> = [];
  // Objects of one shape have as many nodes: an object whose count no other shares stays alone, not described
  // (a SparkApplication with 100,000 node labels, among a few other objects).
  const sizes = objects.map(nodeCount);
  const sizeCounts = new Map<number, number>();
  for (const size of sizes) sizeCounts.set(size, (sizeCounts.get(size) ?? 0) + 1);
  const keyShapes = new Map<string, string>();
  for (const [index, object] of objects.entries()) {
    const description = sizeCounts.get(sizes[index]) === 1 ? undefined : describe(object, tokens, hashed, keyShapes);
    if (description === undefined) {
      const single = { members: [object], descriptions: [] };
      singles.push(single);
      order.push(single);
      continue;
    }
    let entry = classes.get(description.shape);
    if (entry === undefined) {
      entry = { members: [], descriptions: [] };
      classes.set(description.shape, entry);
      order.push(entry);
    }
    entry.members.push(object);
    entry.descriptions.push(description);
  }
  return order.flatMap((entry) => {
    if (entry.members.length < 2) return [{ members: entry.members }];
    const factored = factor(entry.members, entry.descriptions, tokens, rowStem);
    // A token of the first member standing for different keys in two places: each member keeps its own template.
    return factored === undefined ? entry.members.map((member) => ({ members: [member] })) : [{ members: entry.members, factored }];
  });
}

/** How many values, list items and map members a JSON value holds, itself included. */
function nodeCount(node: unknown): number {
  let count = 1;
  if (Array.isArray(node)) {
    if (mayBeSealed(node.length) && isSealed(node)) return sealedSummary(node).nodes;
    for (const item of node) count += nodeCount(item);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (isSealed(record)) return sealedSummary(record).nodes;
    for (const key of Object.keys(record)) count += nodeCount(record[key]);
  }
  return count;
}

/** Makes the row tokens of a class: strings a config cannot spell, unlike any value token. */
export type RowTokens = (column: number) => string;

/** `keyShapes` remembers each key's part of a shape: the objects of a chart share most keys. */
function describe(object: unknown, tokens: Tokens, hashed: ReadonlySet<string>, keyShapes: Map<string, string>): Description | undefined {
  if ((object as { kind?: string })?.kind === 'DaemonSet') return undefined; // its pod scheduling comes from values
  const shape: string[] = [];
  const atoms: string[] = [];
  const values = new Set<ChartValue>();
  const token = (value: ChartValue) => {
    values.add(value);
    shape.push(`t${value.type[0]}:${checkName(value)}:${value.key.length}`);
    atoms.push(...value.key);
  };
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (hashed.has(node)) throw new Unfactorable();
      if (!mayHoldToken(tokens, node)) {
        // What split gives a text without tokens, without making its lists: most texts.
        shape.push('s0');
        atoms.push(node);
        return;
      }
      const texts = split(node, tokens);
      if (texts.tokens.length > 0 && /['\n]/.test(node)) throw new Unfactorable();
      shape.push(`s${texts.tokens.length}`);
      texts.literals.forEach((literal, i) => {
        atoms.push(literal);
        if (i < texts.tokens.length) token(texts.tokens[i].value);
      });
    } else if (typeof node === 'number') {
      const value = tokens.byToken.get(String(node));
      if (value?.type === 'integer') token(value);
      else shape.push(`n${node}`);
    } else if (Array.isArray(node)) {
      shape.push(`[${node.length}`);
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      shape.push('{');
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        let keyShape = keyShapes.get(key);
        // Length-prefixed: no key can pass for other parts of the shape.
        if (keyShape === undefined) keyShapes.set(key, (keyShape = `k${key.length}:${key}`));
        shape.push(keyShape);
        walk(record[key]);
      }
      shape.push('}');
    } else {
      shape.push(String(node));
    }
  };
  try {
    walk(object);
  } catch (error) {
    if (error instanceof Unfactorable) return undefined;
    throw error;
  }
  return { shape: shape.join('\u0000'), atoms, values };
}

function split(text: string, tokens: Tokens): Texts {
  const literals: string[] = [];
  const found: Texts['tokens'] = [];
  let last = 0;
  if (!mayHoldToken(tokens, text)) return { literals: [text], tokens: found };
  for (const match of text.matchAll(tokens.pattern)) {
    const value = tokens.byToken.get(match[0]);
    if (!value) continue;
    literals.push(text.slice(last, match.index));
    found.push({ token: match[0], value });
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  return { literals, tokens: found };
}

function factor(
  members: readonly unknown[],
  descriptions: readonly Description[],
  tokens: Tokens,
  rowToken: RowTokens,
): FactoredClass | undefined {
  const width = descriptions[0].atoms.length;
  // Atoms that differ between members are columns; atoms that differ the same way share one.
  const columnOf = new Map<number, number>();
  const columnBySignature = new Map<string, number>();
  const rows: string[][] = members.map(() => []);
  for (let atom = 0; atom < width; atom++) {
    const first = descriptions[0].atoms[atom];
    if (descriptions.every((d) => d.atoms[atom] === first)) continue;
    const signature = JSON.stringify(descriptions.map((d) => d.atoms[atom]));
    let column = columnBySignature.get(signature);
    if (column === undefined) {
      column = columnBySignature.size;
      columnBySignature.set(signature, column);
      descriptions.forEach((d, row) => rows[row].push(d.atoms[atom]));
    }
    columnOf.set(atom, column);
  }
  const rowTokens = new Map<string, number>();
  const textOf = (atom: number, literal: string) => {
    const column = columnOf.get(atom);
    if (column === undefined) return literal;
    const token = rowToken(column);
    rowTokens.set(token, column);
    return token;
  };
  const keys = new Map<string, Array<string | { column: number }>>();
  const fixedKeys = new Set<string>();
  let consistent = true;
  let atom = 0;
  const keyOf = (value: ChartValue, token: string) => {
    const key = value.key.map((step) => {
      const column = columnOf.get(atom++);
      return column === undefined ? step : { column };
    });
    if (key.every((step) => typeof step === 'string')) {
      fixedKeys.add(token);
      if (keys.has(token)) consistent = false;
      return;
    }
    const known = keys.get(token);
    if (fixedKeys.has(token) || (known !== undefined && JSON.stringify(known) !== JSON.stringify(key))) consistent = false;
    keys.set(token, key);
  };
  const rebuild = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const texts = split(node, tokens);
      let text = '';
      texts.literals.forEach((literal, i) => {
        text += textOf(atom++, literal);
        if (i < texts.tokens.length) {
          keyOf(texts.tokens[i].value, texts.tokens[i].token);
          text += texts.tokens[i].token;
        }
      });
      return text;
    }
    if (typeof node === 'number') {
      const value = tokens.byToken.get(String(node));
      if (value?.type === 'integer') keyOf(value, String(node));
      return node;
    }
    if (Array.isArray(node)) return node.map(rebuild);
    if (node && typeof node === 'object') return mapValues(node as Record<string, unknown>, rebuild);
    return node;
  };
  const object = rebuild(members[0]);
  if (!consistent) return undefined;
  const values = new Set(descriptions.flatMap((d) => [...d.values]));
  return { object, rowTokens, keys, rows, values };
}
