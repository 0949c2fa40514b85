import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { ROOT } from '../helpers';

const { groupExportAssignments } = require('../../scripts/export-assignments') as {
  groupExportAssignments: (text: string) => string;
};

/** What a CommonJS module's text exports: every name in order, with a description of its value. */
function exportsOf(text: string, path = join(ROOT, 'build', 'imports', 'module.js')): [string, string][] {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, require, module) {\n${text}\n})`)(module.exports, createRequire(path), module);
  return Object.keys(module.exports).map((name) => {
    const value = module.exports[name];
    return [name, typeof value === 'function' ? `function ${value.name}: ${String(value)}` : (JSON.stringify(value) ?? 'undefined')];
  });
}

describe('export assignments grouped for the bundle (scripts/export-assignments.js)', () => {
  test('the generated Spark operator classes export the same names, in the same order, with the same values', () => {
    expect.hasAssertions();
    const path = join(ROOT, 'build', 'imports', 'sparkoperator.k8s.io.js');
    const text = readFileSync(path, 'utf8');
    const grouped = groupExportAssignments(text);
    expect(grouped.split('\n').length).toBeLessThan(text.split('\n').length - 800);
    expect(exportsOf(grouped, path)).toEqual(exportsOf(text, path));
  });

  test("cdk8s-plus' Kubernetes classes export the same names, in the same order, with the same values", () => {
    expect.hasAssertions();
    const path = require.resolve('cdk8s-plus-28/lib/imports/k8s.js');
    const text = readFileSync(path, 'utf8');
    const grouped = groupExportAssignments(text);
    expect(grouped).not.toBe(text);
    expect(exportsOf(grouped, path)).toEqual(exportsOf(text, path));
  });

  test('a chain of exports set to undefined makes its properties in the order the chain does: last name first', () => {
    expect.hasAssertions();
    const text = 'exports.a = exports.b = exports.c = void 0;\nexports.b = 2;';
    expect(groupExportAssignments(text)).toBe('Object.assign(exports, { c: void 0, b: void 0, a: void 0 });\nexports.b = 2;');
    expect(exportsOf(groupExportAssignments(text))).toEqual(exportsOf(text));
  });

  test('a run of function exports becomes one assignment of the same names in the same order', () => {
    expect.hasAssertions();
    const text = 'exports.f = f;\nexports.g = g;\nexports.h = h;\nfunction f() {}\nfunction g() {}\nfunction h() {}';
    expect(groupExportAssignments(text).split('\n')[0]).toBe('Object.assign(exports, { f, g, h });');
    expect(exportsOf(groupExportAssignments(text))).toEqual(exportsOf(text));
  });

  test('a function exported after its body gets its value where the chain made its property', () => {
    expect.hasAssertions();
    const text = ['exports.A = exports.f = void 0;', 'function f() {}', 'exports.f = f;', 'class A {}', 'exports.A = A;'].join('\n');
    expect(groupExportAssignments(text)).toBe(
      [
        'Object.assign(exports, { f: void 0, A: void 0 });',
        'Object.assign(exports, { f });',
        'function f() {}',
        '',
        'class A {}',
        'exports.A = A;',
      ].join('\n'),
    );
    expect(exportsOf(groupExportAssignments(text))).toEqual(exportsOf(text));
  });

  test('a function export stays where it is when the file assigns that name elsewhere too, or the chain does not hold it', () => {
    expect.hasAssertions();
    const text = [
      'exports.f = exports.h = void 0;',
      'exports.f = 1;',
      'function f() {}',
      'exports.f = f;',
      'function g() {}',
      'exports.g = g;',
    ].join('\n');
    const grouped = groupExportAssignments(text).split('\n');
    expect(grouped.slice(1)).toEqual(text.split('\n').slice(1));
    expect(exportsOf(grouped.join('\n'))).toEqual(exportsOf(text));
  });

  test('a lone export, one inside a function or a string, or one whose value has another name is left as written', () => {
    expect.hasAssertions();
    const text = [
      'exports.f = f;',
      'const x = 1;',
      'function reset() {',
      '  exports.g = g;',
      '  exports.h = h;',
      '}',
      'const code = `',
      'exports.g = g;',
      'exports.h = h;',
      '`;',
      'exports.i = j;',
      'exports.k = j;',
      'exports.y = void 0;',
      'function f() {}',
      'function g() {}',
      'function h() {}',
      'function j() {}',
    ].join('\n');
    expect(groupExportAssignments(text)).toBe(text);
  });
});
