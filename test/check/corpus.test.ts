import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText, reported } from './helpers';

const CORPUS = join(__dirname, 'corpus');
const FILES = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();

/** `# expect: RULE RESOURCE [PATH]` lines at the top of a corpus file. */
function expectations(text: string): string[] {
  return [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim()).sort();
}

describe('each bad manifest of the corpus is flagged by its rule, at its path, and by nothing else', () => {
  test.each(FILES)('%s', (file) => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);
    expect(reported(checkText(text, '1.30', file))).toEqual(expected);
  });
});

test('the corpus covers every rule of steps 1–4, and at least five Karpenter CEL rules', () => {
  const rules = new Set(FILES.flatMap((f) => expectations(readFileSync(join(CORPUS, f), 'utf8')).map((e) => e.split(' ')[0])));
  expect([...rules].sort()).toEqual(
    [
      'schema/additionalProperties', 'schema/type', 'schema/required', 'schema/enum', 'schema/missing',
      'cel',
      'privileged-escalation', 'bidirectional-unprivileged', 'selector-mismatch', 'name-syntax', 'label-syntax',
      'configmap-key', 'host-port', 'duplicate-volume', 'duplicate-container', 'missing-volume',
      'pv-pvc', 'service-account-ref', 'role-ref', 'nodeclass-ref', 'node-selection', 'hostpath-mount',
      'spark-app-name', 'spark-client-mode', 'spark-conf-key', 'spark-node-selector', 'spark-template-version', 'spark-webhook-duplicate',
    ].sort(),
  );
  expect(FILES.filter((f) => f.startsWith('cel-')).length).toBeGreaterThanOrEqual(5);
});

test('a ConfigMap over 1 MiB is refused (generated here rather than kept as a 1 MiB file)', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: ${'x'.repeat(1024 * 1024)}\n`;
  expect(reported(checkText(text))).toEqual(['configmap-size ConfigMap/default/big /data']);
});

test('a ConfigMap of exactly 1 MiB is accepted', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: ${'x'.repeat(1024 * 1024 - 4)}\n`;
  expect(reported(checkText(text))).toEqual([]);
});
