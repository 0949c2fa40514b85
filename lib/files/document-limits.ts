/**
 * YAML aliases make a parsed document a graph: `*a` is the same object as
 * `&a`, so nine lines can stand for a billion nodes (the "billion laughs")
 * that every later step (schema validation, rendering, checks) would walk
 * one by one. These limits are checked on the parsed document, in time
 * linear in what was written.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** As js-yaml's own limit, so JSON input cannot nest deeper than YAML input. */
export const MAX_NESTING = 100;
const NESTED_TOO_DEEP = `nested deeper than ${MAX_NESTING} levels`;

/**
 * Why `document` is refused (aliases adding more than MAX_ALIAS_EXPANSION
 * nodes, an alias inside itself, nesting beyond MAX_NESTING), or undefined.
 */
export function documentLimitProblem(document: unknown): string | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let added = 0;
  const size = (value: unknown, depth: number): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) {
      added += known;
      if (added > MAX_ALIAS_EXPANSION)
        throw new LimitExceeded(
          `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} extra nodes; write the repeated parts out or use fewer aliases`,
        );
      return known;
    }
    if (open.has(value)) throw new LimitExceeded('a YAML alias refers to a node that contains it (a recursive alias)');
    if (depth > MAX_NESTING) throw new LimitExceeded(NESTED_TOO_DEEP);
    open.add(value);
    let total = 1;
    for (const child of Object.values(value)) total += size(child, depth + 1);
    open.delete(value);
    sizes.set(value, total);
    return total;
  };
  try {
    size(document, 0);
    return undefined;
  } catch (error) {
    if (error instanceof LimitExceeded) return error.message;
    throw error;
  }
}

class LimitExceeded extends Error {}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * documentLimitProblem of the document a valid JSON text holds, read from the
 * text: JSON has no aliases, so only its nesting can be refused, and a scan
 * of the text finds it without a walk over the document (whose large maps
 * V8 lists slowly: 100,000 node labels cost a tenth of a second).
 */
export function jsonTextLimitProblem(text: string): string | undefined {
  let open = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      // The object or list opened here is as deep as the ones around it are many.
      if (open > MAX_NESTING) return NESTED_TOO_DEEP;
      open++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) open--;
  }
  return undefined;
}
