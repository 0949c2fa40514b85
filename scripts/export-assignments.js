// Used by scripts/bundle-cli.js on the generated CRD classes it bundles.
// TypeScript compiles the exports of a module into one statement per name:
//
//   exports.toJson_B = exports.toJson_A = void 0;   (every export, first)
//   exports.toJson_A = toJson_A;                    (each exported function, at
//   exports.toJson_B = toJson_B;                     the top or after its body)
//
// Each is a store site of its own that V8 runs once, through its slow path:
// the generated CRD classes (some 900 conversion functions each) spent 4-5 ms
// of a default synth's start in these statements alone. Such statements
// become one Object.assign, which sets the same properties to the same values
// in the same order. Only statements at the top level of the file, found by
// TypeScript's parser, and only these two shapes are rewritten.
'use strict';
const ts = require('typescript');

/** `exports.NAME`, its NAME; undefined for anything else. */
function exportedName(node) {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'exports'
    ? node.name.text
    : undefined;
}

function isAssignment(node) {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/**
 * The names of `exports.A = exports.B = void 0;` in the order their
 * properties are made (B first: an assignment stores after its right-hand
 * side has run); undefined for any other statement.
 */
function undefinedExports(statement) {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const names = [];
  let node = statement.expression;
  while (isAssignment(node)) {
    const name = exportedName(node.left);
    if (name === undefined) return undefined;
    names.push(name);
    node = node.right;
  }
  const voidZero = ts.isVoidExpression(node) && ts.isNumericLiteral(node.expression) && node.expression.text === '0';
  return voidZero && names.length >= 2 ? names.reverse() : undefined;
}

/** NAME of `exports.NAME = NAME;`; undefined for any other statement. */
function functionExport(statement) {
  if (!ts.isExpressionStatement(statement) || !isAssignment(statement.expression)) return undefined;
  const { left, right } = statement.expression;
  const name = exportedName(left);
  return name !== undefined && ts.isIdentifier(right) && right.text === name ? name : undefined;
}

function assignAll(names, value) {
  return `Object.assign(exports, { ${names.map((name) => (value ? `${name}: ${value}` : name)).join(', ')} });`;
}

/** How often the text names each `exports.NAME`, anywhere (comments and strings too). */
function mentions(text) {
  const counts = new Map();
  for (const [, name] of text.matchAll(/exports\.([A-Za-z_$][A-Za-z0-9_$]*)/g)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/**
 * Exported functions that can get their value where the chain of undefined
 * exports made their property, rather than after their body: the property
 * holds its place in the order already, a function declaration has its value
 * from the start, and the file names `exports.NAME` nowhere else.
 */
function hoistable(text, statements, chained) {
  const declared = new Set(statements.filter(ts.isFunctionDeclaration).map((declaration) => declaration.name?.text));
  const counts = mentions(text);
  return (name) => declared.has(name) && chained.has(name) && counts.get(name) === 2;
}

/** The text of a CommonJS module with its export assignments grouped into Object.assign statements. */
function groupExportAssignments(text, fileName = 'module.js') {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const { statements } = file;
  const chains = statements.map(undefinedExports);
  const canHoist = hoistable(text, statements, new Set(chains.flatMap((names) => names ?? [])));
  const lastChain = chains.findLastIndex((names) => names !== undefined);
  const hoisted = statements.map(functionExport).filter((name) => name !== undefined && canHoist(name));
  /** Replacements of statement ranges, in file order. */
  const edits = [];
  const replace = (first, last, replacement) => edits.push({ start: first.getStart(file), end: last.end, replacement });
  const exportAt = (index) => (index < statements.length ? functionExport(statements[index]) : undefined);
  for (let i = 0; i < statements.length;) {
    if (chains[i]) {
      replace(
        statements[i],
        statements[i],
        assignAll(chains[i], 'void 0') + (i === lastChain && hoisted.length ? `\n${assignAll(hoisted)}` : ''),
      );
      i += 1;
      continue;
    }
    const name = functionExport(statements[i]);
    if (name !== undefined && canHoist(name)) {
      replace(statements[i], statements[i], '');
      i += 1;
      continue;
    }
    let end = i;
    const run = [];
    for (let n = exportAt(end); n !== undefined && !canHoist(n); n = exportAt(end)) {
      run.push(n);
      end += 1;
    }
    if (run.length >= 2) replace(statements[i], statements[end - 1], assignAll(run));
    i = Math.max(end, i + 1);
  }
  const pieces = [];
  let at = 0;
  for (const { start, end, replacement } of edits) {
    pieces.push(text.slice(at, start), replacement);
    at = end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

module.exports = { groupExportAssignments };
