import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  a: b\n';

/** `check ARGS` with `input` on standard input and a timeout, so a hang fails instead of stalling. */
function check(args: string[], input = '') {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'mountpoint-s3-spark.js'), 'check', ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('check input that is hostile or empty', () => {
  test('a 500-byte billion-laughs ConfigMap is one error line and exit 1, not an out-of-memory crash', () => {
    expect.hasAssertions();
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map(
        (name, i) =>
          `  ${name}: &${name} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
            .join(',')}]`,
      )
      .join('\n');
    const result = check(['-'], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${bomb}\n`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '-: document 1: YAML aliases expand to more than 100,000 extra nodes; write the repeated parts out or use fewer aliases',
    );
    expect(result.stderr).toBe('');
  });

  test('standard input larger than --max-input-mib ends with exit 2 instead of growing memory', () => {
    expect.hasAssertions();
    const result = check(['-', '--max-input-mib', '1'], '\0'.repeat(3 * 1024 * 1024));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('mountpoint-s3-spark: -: larger than 1 MiB; raise the limit with --max-input-mib if this is intended\n');
  });

  test('a FIFO named *.yaml in a checked folder is skipped with a warning, not waited on', () => {
    expect.hasAssertions();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), CONFIG_MAP);
    expect(spawnSync('mkfifo', [join(dir, 'b.yaml')]).status).toBe(0);
    const result = check([dir]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`warning: ${join(dir, 'b.yaml')}: not a regular file; skipped\n`);
  });

  test('empty input (helm template failed before the pipe) exits 1 with "no Kubernetes objects found"', () => {
    expect.hasAssertions();
    const result = check(['-'], '');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('no Kubernetes objects found in -\n');
  });

  test('a folder without manifests exits 1 with "no Kubernetes objects found"', () => {
    expect.hasAssertions();
    const dir = join(tempDir(), 'manifests');
    mkdirSync(dir);
    const result = check([dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`no Kubernetes objects found in ${dir}\n`);
  });

  test('kind: List with items: [null] is an error line at the item, exit 1', () => {
    expect.hasAssertions();
    const result = check(['-'], 'apiVersion: v1\nkind: List\nitems: [null]\n');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('-: document 1: items[0]: not a Kubernetes object');
    expect(result.stderr).toBe('');
  });
});
