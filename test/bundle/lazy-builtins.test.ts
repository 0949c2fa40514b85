import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers';

const { lazyBuiltinSource } = require('../../scripts/lazy-builtins') as { lazyBuiltinSource: (name: string) => string };

/**
 * Runs `script` in a fresh Node process (whose start-up has not loaded the
 * built-in module yet) with `lazy` bound to the stand-in of built-in `name`
 * (scripts/lazy-builtins.js) and `loaded()` telling whether the real module
 * has been loaded; returns what the script prints.
 */
function withStandIn(name: string, script: string): string {
  const path = join(tempDir(), `lazy-${name}.js`);
  writeFileSync(path, lazyBuiltinSource(name));
  const prelude = `const lazy = require(${JSON.stringify(path)});
const loaded = () => process.moduleLoadList.includes(${JSON.stringify(`NativeModule ${name}`)});
`;
  const result = spawnSync(process.execPath, ['-e', prelude + script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the script failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

describe('stand-ins of built-in modules in the bundle (scripts/lazy-builtins.js)', () => {
  test('requiring the stand-in and copying its functions, as cdk8s does when it loads, does not load the module', () => {
    expect.hasAssertions();
    const printed = withStandIn(
      'child_process',
      'const copy = { spawnSync: lazy.spawnSync }; process.stdout.write(String(loaded()) + typeof copy.spawnSync);',
    );
    expect(printed).toBe('falsefunction');
  });

  test("a function of the stand-in runs the module's, with the same arguments and result, and loads the module", () => {
    expect.hasAssertions();
    const script = `const before = loaded();
const run = lazy.spawnSync(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', 'an argument'], { encoding: 'utf8' });
process.stdout.write(JSON.stringify([before, run.stdout, run.status, loaded()]));`;
    expect(JSON.parse(withStandIn('child_process', script))).toEqual([false, 'an argument', 0, true]);
  });

  test("a function's own promisified form is the module's: exec promisified resolves to stdout and stderr", () => {
    expect.hasAssertions();
    const script = `require('node:util').promisify(lazy.exec)('echo out; echo err >&2').then((result) => process.stdout.write(JSON.stringify(result)));`;
    expect(JSON.parse(withStandIn('child_process', script))).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  test("values and classes are the module's own", () => {
    expect.hasAssertions();
    const script = `const real = require('node:worker_threads');
process.stdout.write(JSON.stringify([lazy.isMainThread === real.isMainThread, lazy.Worker === real.Worker, lazy.threadId === real.threadId]));`;
    expect(JSON.parse(withStandIn('worker_threads', script))).toEqual([true, true, true]);
  });

  test("the stand-in has the module's names, in its order, as enumeration and `in` see them", () => {
    expect.hasAssertions();
    const script = `const real = require('node:v8');
process.stdout.write(JSON.stringify([Object.keys(lazy), Object.keys(real), 'serialize' in lazy, 'nothing' in lazy]));`;
    const [standIn, real, has, hasNot] = JSON.parse(withStandIn('v8', script)) as [string[], string[], boolean, boolean];
    expect(standIn).toEqual(real);
    expect([has, hasNot]).toEqual([true, false]);
  });

  test('only built-in modules get a stand-in', () => {
    expect.hasAssertions();
    expect(() => lazyBuiltinSource('left-pad')).toThrow('left-pad is not a built-in module');
  });
});
