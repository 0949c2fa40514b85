// Used by scripts/bundle-cli.js on the generated CRD classes it bundles.
// TypeScript compiles the exports of a module into one statement per name:
//
//   exports.toJson_A = exports.toJson_B = void 0;   (every export, first)
//   exports.toJson_A = toJson_A;                    (each exported function, at
//   exports.toJson_B = toJson_B;                     the top or after its body)
//
// Each is a store site of its own that V8 runs once, through its slow path:
// the generated CRD classes (some 900 conversion functions each) spent 4-5 ms
// of a default synth's start in these statements alone. Such statements
// become one Object.assign, which sets the same properties to the same values
// in the same order. Only whole lines at the top level are rewritten, and only
// these shapes; everything else is left as it is.
'use strict';

const NAME = '[A-Za-z_$][A-Za-z0-9_$]*';
const FUNCTION_EXPORT = new RegExp(`^exports\\.(${NAME}) = \\1;$`);
const UNDEFINED_EXPORTS = new RegExp(`^exports\\.${NAME}(?: = exports\\.${NAME})+ = void 0;$`);
const CHAIN_NAME = new RegExp(`exports\\.(${NAME}) =`, 'g');

/** Runs shorter than this are left alone: one statement costs what one Object.assign does. */
const MIN_RUN = 2;

/**
 * `exports.A = exports.B = void 0;` stores B first, then A (an assignment's
 * value is stored after its right-hand side has run): the names in the order
 * their properties are made.
 */
function undefinedExportNames(line) {
  return [...line.matchAll(CHAIN_NAME)].map((match) => match[1]).reverse();
}

function assignAll(names, value) {
  return `Object.assign(exports, { ${names.map((name) => (value ? `${name}: ${value}` : name)).join(', ')} });`;
}

const FUNCTION_DECLARATION = new RegExp(`^function (${NAME})\\(`);
const ANY_EXPORT_ASSIGNMENT = new RegExp(`^exports\\.(${NAME}) = (?!exports\\.)`);

/**
 * Exported functions that can get their value where the chain of undefined
 * exports made their property, rather than after their body: the property
 * already holds its place in the order, a function declaration's value is
 * there from the start, and the file assigns the name nowhere else.
 */
function hoistableExports(lines) {
  const declared = new Set();
  const inChain = new Set();
  const assignments = new Map();
  for (const line of lines) {
    const declaration = FUNCTION_DECLARATION.exec(line);
    if (declaration) declared.add(declaration[1]);
    if (UNDEFINED_EXPORTS.test(line)) for (const name of undefinedExportNames(line)) inChain.add(name);
    const assignment = ANY_EXPORT_ASSIGNMENT.exec(line);
    if (assignment) assignments.set(assignment[1], (assignments.get(assignment[1]) ?? 0) + 1);
  }
  return new Set([...declared].filter((name) => inChain.has(name) && assignments.get(name) === 1));
}

/** The text of a CommonJS module with its export assignments grouped into Object.assign statements. */
function groupExportAssignments(text) {
  const lines = text.split('\n');
  const hoistable = hoistableExports(lines);
  const isHoisted = (line) => {
    const match = FUNCTION_EXPORT.exec(line);
    return match !== null && hoistable.has(match[1]);
  };
  const hoisted = lines.filter(isHoisted).map((line) => FUNCTION_EXPORT.exec(line)[1]);
  const lastChain = lines.findLastIndex((line) => UNDEFINED_EXPORTS.test(line));
  const out = [];
  for (let i = 0; i < lines.length;) {
    if (UNDEFINED_EXPORTS.test(lines[i])) {
      out.push(assignAll(undefinedExportNames(lines[i]), 'void 0'));
      if (i === lastChain && hoisted.length > 0) out.push(assignAll(hoisted));
      i += 1;
      continue;
    }
    if (isHoisted(lines[i])) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < lines.length && FUNCTION_EXPORT.test(lines[end])) end += 1;
    if (end - i >= MIN_RUN) {
      out.push(assignAll(lines.slice(i, end).map((line) => FUNCTION_EXPORT.exec(line)[1])));
      i = end;
    } else {
      out.push(lines[i]);
      i += 1;
    }
  }
  return out.join('\n');
}

module.exports = { groupExportAssignments };
