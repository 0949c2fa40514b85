// Used by scripts/bundle-cli.js on each CommonJS file it bundles. TypeScript
// compiles the exports of a module into one statement per name:
//
//   exports.toJson_A = exports.toJson_B = void 0;   (every export, first)
//   exports.toJson_A = toJson_A;                    (each exported function)
//   exports.toJson_B = toJson_B;
//
// Each is a store site of its own that V8 runs once, through its slow path:
// the generated CRD classes (some 900 conversion functions each) spent 4-5 ms
// of a default synth's start in these statements alone. A run of them becomes
// one Object.assign, which sets the same properties to the same values in the
// same order: 0.2 ms. Only whole lines at the top level are rewritten, and
// only these two shapes; everything else is left as it is.
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

/** The text of a CommonJS module with its runs of export assignments each made one Object.assign. */
function groupExportAssignments(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length;) {
    if (UNDEFINED_EXPORTS.test(lines[i])) {
      out.push(assignAll(undefinedExportNames(lines[i]), 'void 0'));
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
