import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configSchema } from '../../lib/config/schema';
import { ROOT, runCli, tempDir } from '../helpers';

const SCHEMA_FILE = join(ROOT, 'build', 'schema.json');

describe('mountpoint-s3-spark schema', () => {
  test("prints the config's JSON Schema", () => {
    const result = runCli(['schema']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(configSchema);
  });

  test('prints the same bytes the build writes as the package export schema.json', () => {
    expect(runCli(['schema']).stdout).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('init points editors at the schema', () => {
  /** The path of the `# yaml-language-server: $schema=PATH` first line, or undefined. */
  function modelinePath(text: string): string | undefined {
    return /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
  }

  test('--out FILE: the first line names the schema relative to the directory of FILE', () => {
    const dir = join(tempDir(), 'nested dir');
    const file = join(dir, 'platform.yaml');
    mkdirSync(dir);
    expect(runCli(['init', '--approach', 'pod-csi', '--out', file]).status).toBe(0);
    const path = modelinePath(readFileSync(file, 'utf8'));
    expect(path).toMatch(/^\.\.\//);
    expect(resolve(dir, path!)).toBe(SCHEMA_FILE);
  });

  test('to standard output: the first line names the schema relative to the working directory', () => {
    const cwd = tempDir();
    const path = modelinePath(runCli(['init'], cwd).stdout);
    expect(resolve(cwd, path!)).toBe(SCHEMA_FILE);
  });
});
