import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../lib/config/schema';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from '../../lib/docs/config-reference';
import { ROOT } from '../helpers';

const reference = renderConfigReference(configSchema);

/** The table rows by field path: [type, default, description, allowed]. */
function rows(markdown: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of markdown.split('\n').filter((l) => l.startsWith('| `'))) {
    const cells = line
      .slice(2, -2)
      .split(/ (?<!\\)\| /)
      .map((c) => c.trim());
    table.set(cells[0].replace(/^`([^`]+)`.*$/, '$1'), cells.slice(1));
  }
  return table;
}

describe('docs/config.md', () => {
  test('is current: regenerate it with `npm run docs` after changing the schema', () => {
    const committed = readFileSync(join(ROOT, CONFIG_REFERENCE_PATH), 'utf8');
    const stale = `${CONFIG_REFERENCE_PATH} is out of date with lib/config/schema.ts: run \`npm run docs\` and commit the result`;
    expect(committed === reference ? 'current' : stale).toBe('current');
  });

  test('has one row per field, nested paths included', () => {
    const table = rows(reference);
    expect(table.get('buckets[].mount.path')).toEqual([
      'string',
      '',
      'Where the bucket appears on the node and in Spark pods.',
      expect.stringContaining('must be an absolute path'),
    ]);
    expect([...table.keys()]).toEqual(expect.arrayContaining(['buckets', 'buckets[].mount', 'buckets[].mount.cache.maxSizeMiB', 'teams[].tolerations[].key']));
    expect(new Set(table.keys()).size).toBe(table.size);
  });

  test('shows defaults, enums and required fields', () => {
    const table = rows(reference);
    expect(table.get('nodeDaemonSet.onStop')?.slice(0, 2)).toEqual(['enum', '`"keep"`']);
    expect(table.get('nodeDaemonSet.onStop')?.[3]).toBe('`keep`, `unmount`');
    expect(table.get('gitops.path')?.[1]).toBe('`"dist"`');
    expect(reference).toContain('| `buckets[].mount.approach` (required) | enum |');
  });

  test('escapes pipes in patterns so the table keeps its columns', () => {
    const markdown = renderConfigReference({ type: 'object', properties: { mode: { type: 'string', pattern: '^(a|b)$' } } });
    expect(rows(markdown).get('mode')).toEqual(['string', '', '', 'pattern `^(a\\|b)$`']);
  });
});
