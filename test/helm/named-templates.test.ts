import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NAMED_TEMPLATE_BYTES, PartialFiles } from '../../lib/helm/named-templates';
import { tempDir } from '../helpers';
import { helmTemplate } from './helm';

/** Text that is template code if written unescaped, in lines, about `bytes` long. */
function hostileText(bytes: number, seed: string): string {
  const line = `${seed} {{ fail "x" }} {{- .Files.Get "README.md" -}} '{' "}}" \u00e9\u{1F600} {\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

/** Renders `name` from `partials` through real helm, with `.Values.v` = "VALUE". */
function rendered(partials: PartialFiles, name: string): string {
  const dir = join(tempDir(), 'named');
  const files = new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: named\nversion: 0.1.0\n'],
    ['values.yaml', 'v: VALUE\n'],
    [
      'templates/cm.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: named\ndata:\n  text: {{ include ${JSON.stringify(name)} . | toJson }}\n`,
    ],
    ...partials.files,
  ]);
  for (const [path, content] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const [configMap] = helmTemplate(['x', dir]) as unknown as Array<{ data: { text: string } }>;
  return configMap.data.text;
}

describe('named templates longer than a file should hold', () => {
  const before = hostileText(2.5 * NAMED_TEMPLATE_BYTES, 'before');
  const after = hostileText(1.5 * NAMED_TEMPLATE_BYTES, 'after');
  const partials = new PartialFiles();
  partials.add('templates/group/_object.tpl', 'long', [{ literal: before }, { action: '{{ .Values.v }}' }, { literal: after }], '.');

  test('are cut into several, in partial files of at most 2 MiB each', () => {
    expect(partials.files.size).toBeGreaterThan(1);
    expect([...partials.files.values()].filter((text) => Buffer.byteLength(text) > 2.1 * NAMED_TEMPLATE_BYTES)).toEqual([]);
  });

  test('render with real helm to exactly their text, values in place', () => {
    expect(rendered(partials, 'long') === `${before}VALUE${after}`).toBe(true);
  });

  test("a short one stays one named template in its object's partial file", () => {
    const short = new PartialFiles();
    short.add('templates/group/_object.tpl', 'short', [{ literal: 'a {{ b\n' }, { action: '{{ .Values.v }}' }], '.');
    expect([...short.files.keys()]).toEqual(['templates/group/_object.tpl']);
    expect(rendered(short, 'short')).toBe('a {{ b\nVALUE');
  });
});
