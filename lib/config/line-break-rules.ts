import { joinPath, Problem } from './problems';

/**
 * Characters that YAML 1.1 readers — Helm, kubectl and the API server (Go's
 * yaml libraries) — take as line breaks, while our YAML writer (YAML 1.2)
 * leaves them unescaped in a scalar: a value holding one would reach the
 * cluster cut short (`keep<U+2028>#dropped` arrives as `keep`) or break the
 * document. No field of a config needs them, so they are refused.
 */
const YAML11_LINE_BREAKS: ReadonlyMap<string, string> = new Map([
  ['\u0085', 'U+0085 (NEXT LINE)'],
  ['\u2028', 'U+2028 (LINE SEPARATOR)'],
  ['\u2029', 'U+2029 (PARAGRAPH SEPARATOR)'],
]);

/**
 * Characters go-yaml refuses anywhere in a document, quoted or escaped ("control
 * characters are not allowed"): DEL, the other C1 controls and the
 * noncharacters U+FFFE and U+FFFF. `kubectl kustomize` (so Argo CD and Flux)
 * fails on the whole bundle; no field of a config needs them either.
 */
const GO_YAML_REFUSED = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
/** Either kind: a YAML 1.1 line break or a character go-yaml refuses. */
const LINE_BREAK_PATTERN = new RegExp(`[${[...YAML11_LINE_BREAKS.keys()].join('')}]|${GO_YAML_REFUSED.source}`);

/** A JSON escape that may write one of those characters (or, at worst, an escaped backslash followed by such digits). */
const ESCAPED_LINE_BREAK = /\\u(?:00[89][0-9a-f]|007f|202[89]|fff[ef])/i;

/**
 * Whether no string or key of the document a JSON text holds can hold one
 * of those characters: the text holds none, nor an escape that writes one.
 * One scan of the text instead of a walk over the document.
 */
export function jsonTextFreeOfLineBreaks(text: string): boolean {
  return !LINE_BREAK_PATTERN.test(text) && !ESCAPED_LINE_BREAK.test(text);
}

/** One problem per string value or map key that holds a YAML 1.1 line break, anywhere in the config. */
export function yamlLineBreakProblems(value: unknown, path = ''): Problem[] {
  const problems: Problem[] = [];
  collectLineBreakProblems(value, () => path, problems);
  return problems;
}

/** The walk behind yamlLineBreakProblems; a path is spelled only for a problem (100,000 map keys, none of them bad, spell none). */
function collectLineBreakProblems(value: unknown, path: () => string, problems: Problem[]): void {
  if (typeof value === 'string') {
    lineBreakProblem(value, path, 'value', problems);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collectLineBreakProblems(item, () => joinPath(path(), index), problems));
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      // A closure for the member's path only where it is needed: a nested value, or a problem.
      if (typeof item === 'object' && item !== null) {
        const itemPath = () => joinPath(path(), key);
        lineBreakProblem(key, itemPath, 'key', problems);
        collectLineBreakProblems(item, itemPath, problems);
      } else {
        if (LINE_BREAK_PATTERN.test(key)) lineBreakProblem(key, () => joinPath(path(), key), 'key', problems);
        if (typeof item === 'string' && LINE_BREAK_PATTERN.test(item))
          lineBreakProblem(item, () => joinPath(path(), key), 'value', problems);
      }
    }
  }
}

function lineBreakProblem(text: string, path: () => string, what: 'key' | 'value', problems: Problem[]): void {
  const found = LINE_BREAK_PATTERN.exec(text);
  if (found === null) return;
  const character = found[0];
  const code = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  problems.push({
    path: path(),
    message: GO_YAML_REFUSED.test(character)
      ? `the ${what} holds ${code}, a control character or noncharacter that kubectl kustomize (Go's YAML) refuses in any file; remove it`
      : `the ${what} holds ${YAML11_LINE_BREAKS.get(character)}, which Helm, kubectl and the API server read as a line break; remove it or write it another way`,
  });
}
