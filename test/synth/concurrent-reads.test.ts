import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartVersionBumpNeeded } from '../../lib/helm/version-bump';
import { foreignFiles } from '../../lib/synth/output-state';
import { tempDir } from '../helpers';

// Another synth may delete files of DIR while this one reads them: the reads are made to fail as that would.
jest.mock('node:fs', () => {
  const actual = jest.requireActual('node:fs');
  return { ...actual, readFileSync: jest.fn(actual.readFileSync), readdirSync: jest.fn(actual.readdirSync) };
});

/** DIR with an unpacked chart `jars` at version 1.0.0 holding one template. */
function outputWithChart(): string {
  const out = tempDir();
  mkdirSync(join(out, 'helm/jars/templates'), { recursive: true });
  writeFileSync(join(out, 'helm/jars/Chart.yaml'), 'apiVersion: v2\nname: jars\nversion: 1.0.0\n');
  writeFileSync(join(out, 'helm/jars/templates/pv.yaml'), 'kind: PersistentVolume\n');
  return out;
}

const sameChart = new Map([
  ['helm/jars/Chart.yaml', 'apiVersion: v2\nname: jars\nversion: 1.0.0\n'],
  ['helm/jars/templates/pv.yaml', 'kind: PersistentVolume\n'],
]);

const mocked = { readFileSync, readdirSync } as unknown as Record<'readFileSync' | 'readdirSync', jest.Mock>;

/** Makes `fs[name]` fail with `code` for paths ending in `suffix`, as the real call would. */
function failFor(name: keyof typeof mocked, suffix: string, code: string): void {
  const actual = jest.requireActual('node:fs')[name];
  mocked[name].mockImplementation((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith(suffix)) throw Object.assign(new Error(`${code}: ${String(path)}`), { code });
    return actual(path, ...rest);
  });
}

afterEach(() => {
  for (const name of ['readFileSync', 'readdirSync'] as const) mocked[name].mockImplementation(jest.requireActual('node:fs')[name]);
});

describe('chart version bump check while another synth rewrites DIR (it reads DIR without the output lock)', () => {
  test('a chart read whole: same content, same version, nothing to say', () => {
    expect.hasAssertions();
    expect(chartVersionBumpNeeded(outputWithChart(), sameChart, 'jars', '1.0.0')).toBeUndefined();
  });

  test('a template deleted between listing and reading is left out: the chart counts as changed, no error', () => {
    expect.hasAssertions();
    const out = outputWithChart();
    failFor('readFileSync', 'pv.yaml', 'ENOENT');
    expect(chartVersionBumpNeeded(out, sameChart, 'jars', '1.0.0')).toMatch(/changed but its version is still 1.0.0/);
  });

  test('a template folder deleted between listing and reading is left out, no error', () => {
    expect.hasAssertions();
    const out = outputWithChart();
    failFor('readdirSync', 'templates', 'ENOENT');
    expect(chartVersionBumpNeeded(out, sameChart, 'jars', '1.0.0')).toMatch(/changed but its version is still 1.0.0/);
  });

  test('other read errors still end the check (a chart that cannot be read is not silently skipped)', () => {
    expect.hasAssertions();
    const out = outputWithChart();
    failFor('readFileSync', 'pv.yaml', 'EACCES');
    expect(() => chartVersionBumpNeeded(out, sameChart, 'jars', '1.0.0')).toThrow(/EACCES/);
  });
});

describe('foreign files listed after the write released its lock', () => {
  test('a folder another synth removed meanwhile is skipped; the rest is still listed', () => {
    expect.hasAssertions();
    const out = outputWithChart();
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    failFor('readdirSync', 'templates', 'ENOENT');
    expect(foreignFiles(out, new Set(['helm/jars/Chart.yaml']))).toEqual(['notes.txt']);
  });
});
