// Used by scripts/bundle-cli.js on the generated classes of Kubernetes' API
// types (cdk8s-plus' imports/k8s.js: 141 classes and 440 conversion functions,
// of which the CLI uses a dozen, with what they convert). Loading the module
// creates every class and function it declares: about 1,200 functions to
// deserialise from the code cache and set up on every start.
//
// In the bundle, the module keeps only what the rest of the bundle can reach:
// the exports whose name the other bundled files mention anywhere (as any
// word: a property, a destructured name, even a comment), and everything
// those need in turn within the module. The module has no side effects of its
// own beyond its exports, and nothing reads its exports by a computed name;
// what it keeps is its own text, unchanged. Statements are found with
// TypeScript's parser, at the top level only.
'use strict';
const ts = require('typescript');

/** The names a top-level statement declares: a function, a class, variables. */
function declaredNames(statement) {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) ? [declaration.name.text] : [],
    );
  }
  return [];
}

/** `exports.A = exports.B = void 0;`: the names, else undefined. */
function undefinedExportChain(statement) {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const names = [];
  let node = statement.expression;
  while (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const { left } = node;
    if (!ts.isPropertyAccessExpression(left) || !ts.isIdentifier(left.expression) || left.expression.text !== 'exports') return undefined;
    names.push(left.name.text);
    node = node.right;
  }
  return names.length && ts.isVoidExpression(node) ? names : undefined;
}

/**
 * What an assignment statement belongs to: `exports.X = …` to the export X,
 * `N = …`, `N.p = …` and `N[k] = …` to the top-level name N, an enum's
 * initialiser to the enum; undefined for any other statement.
 */
function ownerOf(statement, declared) {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const { expression } = statement;
  // An enum's initialiser, `(function (E) { … })(E || (exports.E = E = {}));`, belongs to E.
  if (ts.isCallExpression(expression) && expression.arguments.length === 1) {
    const [argument] = expression.arguments;
    const name = ts.isBinaryExpression(argument) && ts.isIdentifier(argument.left) ? argument.left.text : undefined;
    if (argument.operatorToken?.kind === ts.SyntaxKind.BarBarToken && declared.has(name)) return { name };
  }
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  let target = expression.left;
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'exports') {
    return { exported: target.name.text };
  }
  while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) target = target.expression;
  return ts.isIdentifier(target) && declared.has(target.text) ? { name: target.text } : undefined;
}

/** Every identifier in `node`'s text (over-approximating what it refers to: property names count too). */
function identifiersIn(node, found = new Set()) {
  if (ts.isIdentifier(node)) found.add(node.text);
  ts.forEachChild(node, (child) => {
    identifiersIn(child, found); // (forEachChild stops at the first child for which this returns a value)
  });
  return found;
}

/**
 * The module's text with the top-level statements removed that no export in
 * `isUsed` can reach. Returns the text unchanged when it finds no export.
 */
function pruneUnusedExports(text, isUsed, fileName = 'module.js') {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const { statements } = file;
  const declared = new Map();
  statements.forEach((statement, index) =>
    declaredNames(statement).forEach((name) => declared.set(name, [...(declared.get(name) ?? []), index])),
  );
  const owners = statements.map((statement) => ownerOf(statement, declared));
  const chains = statements.map(undefinedExportChain);
  const exported = new Set([
    ...chains.flatMap((names) => names ?? []),
    ...owners.flatMap((owner) => (owner?.exported ? [owner.exported] : [])),
  ]);
  if (exported.size === 0) return text;
  // What is kept with a name: its assignments (`N.p = …`), and its export (`exports.N = …`).
  const belonging = new Map();
  owners.forEach((owner, index) => {
    const name = owner?.name ?? owner?.exported;
    if (name !== undefined && declared.has(name)) belonging.set(name, [...(belonging.get(name) ?? []), index]);
  });

  const kept = new Set();
  const reachable = new Set();
  const queue = [];
  const keep = (index) => {
    if (kept.has(index)) return;
    kept.add(index);
    for (const name of identifiersIn(statements[index])) {
      if (declared.has(name) && !reachable.has(name)) {
        reachable.add(name);
        queue.push(name);
      }
    }
  };
  // Statements that neither declare, nor assign to a declared name or an export, stay (`"use strict"`,
  // `Object.defineProperty(exports, "__esModule", …)`), with all they refer to.
  // So does the export of a name the module does not declare (assigned where it is exported).
  statements.forEach((statement, index) => {
    if (chains[index]) return;
    if (owners[index] ? owners[index].exported !== undefined && !declared.has(owners[index].exported) : !declaredNames(statement).length)
      keep(index);
  });
  for (const name of exported) {
    if (isUsed(name) && declared.has(name) && !reachable.has(name)) {
      reachable.add(name);
      queue.push(name);
    }
  }
  while (queue.length) {
    const name = queue.pop();
    for (const index of [...(declared.get(name) ?? []), ...(belonging.get(name) ?? [])]) keep(index);
  }

  // Each statement with the comments before it (its leading trivia).
  const pieces = [text.slice(0, statements.length ? statements[0].pos : text.length)];
  statements.forEach((statement, index) => {
    const start = statement.getStart(file);
    if (chains[index]) {
      const names = chains[index].filter((name) => reachable.has(name) || !declared.has(name));
      if (names.length) pieces.push(text.slice(statement.pos, start), `${names.map((name) => `exports.${name} = `).join('')}void 0;`);
    } else if (kept.has(index)) pieces.push(text.slice(statement.pos, statement.end));
  });
  if (statements.length) pieces.push(text.slice(statements[statements.length - 1].end));
  return pieces.join('');
}

/**
 * The subclasses the module declares at its top level and exports as
 * themselves (`exports.C = C;`), in order: a generated module's API object
 * classes (`class SparkApplication extends cdk8s_1.ApiObject`), not the small
 * value classes of its int-or-string fields.
 */
function exportedSubclasses(text, fileName = 'module.js') {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const classes = new Set(
    file.statements
      .filter(ts.isClassDeclaration)
      .flatMap((statement) => (statement.name && statement.heritageClauses?.length ? [statement.name.text] : [])),
  );
  return file.statements.flatMap((statement) => {
    const owner = ownerOf(statement, classes);
    const value =
      ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) ? statement.expression.right : undefined;
    return owner?.exported && classes.has(owner.exported) && value && ts.isIdentifier(value) && value.text === owner.exported
      ? [owner.exported]
      : [];
  });
}

module.exports = { exportedSubclasses, pruneUnusedExports };
