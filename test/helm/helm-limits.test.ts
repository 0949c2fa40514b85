import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../lib/errors';
import { assertHelmLoads } from '../../lib/helm/chart-limits';
import { packageChart } from '../../lib/helm/package';
import { tempDir } from '../helpers';
import { helm } from './helm';
import { HELM_MAX_CHART_BYTES, HELM_MAX_FILE_BYTES } from '../../lib/helm/chart-limits';

const CHART_YAML = 'apiVersion: v2\nname: limits\nversion: 0.1.0\n';
const TEMPLATE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: limits\n';

/** A chart with one template and `extra` files beside it, as a directory and as a .tgz. */
function chart(extra: Record<string, string>): { dir: string; tgz: string } {
  const files = new Map<string, string>([['Chart.yaml', CHART_YAML], ['templates/cm.yaml', TEMPLATE], ...Object.entries(extra)]);
  const out = tempDir();
  const dir = join(out, 'limits');
  for (const [path, content] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const tgz = join(out, 'limits-0.1.0.tgz');
  writeFileSync(tgz, packageChart('limits', files));
  return { dir, tgz };
}

// The premise of the chart's layout (chart-scale.test.ts), proved with the vendored helm.
describe("the vendored helm's limits on a chart", () => {
  const atLimit = chart({ 'README.md': 'a'.repeat(HELM_MAX_FILE_BYTES) });
  const overLimit = chart({ 'README.md': 'a'.repeat(HELM_MAX_FILE_BYTES + 1) });

  test.each([
    ['directory', 'dir'],
    ['.tgz', 'tgz'],
  ] as const)('a %s with a file of exactly 5 MiB loads', (_form, key) => {
    expect(helm(['template', 'x', atLimit[key]]).status).toBe(0);
  });

  test.each([
    ['directory', 'dir'],
    ['.tgz', 'tgz'],
  ] as const)('a %s with a file one byte over 5 MiB (any file, not only templates) does not load', (_form, key) => {
    const result = helm(['template', 'x', overLimit[key]]);
    expect([result.status, result.stderr]).toEqual([
      1,
      expect.stringContaining(`larger than the maximum file size ${HELM_MAX_FILE_BYTES}`),
    ]);
  });

  test('a .tgz whose files, each under 5 MiB, add up to more than 100 MiB does not load; its directory does', () => {
    const count = Math.ceil(HELM_MAX_CHART_BYTES / HELM_MAX_FILE_BYTES) + 1;
    const big = chart(Object.fromEntries(Array.from({ length: count }, (_, i) => [`files/${i}.txt`, 'b'.repeat(HELM_MAX_FILE_BYTES)])));
    const archive = helm(['template', 'x', big.tgz]);
    expect([archive.status, archive.stderr]).toEqual([
      1,
      expect.stringContaining(`decompressed chart is larger than the maximum file size ${HELM_MAX_CHART_BYTES}`),
    ]);
    expect(helm(['template', 'x', big.dir]).status).toBe(0);
  });
});

describe('a chart Helm would not load', () => {
  test('is refused with a usage error naming the file over 5 MiB', () => {
    const files = new Map([
      ['Chart.yaml', CHART_YAML],
      ['values.yaml', 'a'.repeat(HELM_MAX_FILE_BYTES + 1)],
    ]);
    expect(() => assertHelmLoads('limits', files)).toThrow(
      new UsageError(
        "the Helm chart's limits/values.yaml would be 5,242,881 bytes, more than the 5,242,880 bytes (5 MiB) Helm loads per file; split the platform into several configs",
      ),
    );
  });

  test('is refused with a usage error when its files add up to 100 MiB, and not before', () => {
    const file = 'c'.repeat(HELM_MAX_FILE_BYTES);
    const count = HELM_MAX_CHART_BYTES / HELM_MAX_FILE_BYTES;
    const files = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`files/${i}.txt`, file]));
    const justUnder = files(count - 1);
    justUnder.set('last.txt', file.slice(1));
    expect(() => assertHelmLoads('limits', justUnder)).not.toThrow();
    expect(() => assertHelmLoads('limits', files(count))).toThrow(UsageError);
  });
});
