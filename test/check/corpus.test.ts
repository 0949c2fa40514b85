import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckResourcesOptions } from '../../lib/check/check-resources';
import { RULE_IDS, RULES } from '../../lib/check/rule-registry';
import { checkText, reported } from './helpers';

const CORPUS = join(__dirname, 'corpus');
const FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** `# expect: RULE RESOURCE [PATH]` lines at the top of a corpus file. */
function expectations(text: string): string[] {
  return [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim()).sort();
}

/** `# options: {JSON}`: check options a file needs (e.g. `rejectKinds`). */
function optionsOf(text: string): Partial<CheckResourcesOptions> {
  const line = /^# options: (.+)$/m.exec(text);
  return line ? JSON.parse(line[1]) : {};
}

/** Examples too large to keep as files, generated here: the rules they break, and their text. */
const GENERATED: Record<string, { rule: string; text: string; expect: string; alsoExpect?: string[] }> = {
  'a ConfigMap over 1 MiB': {
    rule: 'configmap-size',
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: ${'x'.repeat(1024 * 1024 + 1)}\n`,
    expect: 'configmap-size ConfigMap/default/big /data',
    // It is too large for client-side kubectl apply as well.
    alsoExpect: ['client-apply-size ConfigMap/default/big'],
  },
  'a ConfigMap too large for client-side kubectl apply': {
    rule: 'client-apply-size',
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: ${'x'.repeat(256 * 1024)}\n`,
    expect: 'client-apply-size ConfigMap/default/big',
  },
  'an EC2NodeClass userData too large for EC2 once Karpenter adds its part': {
    rule: 'userdata-size',
    text:
      'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: big}\nspec:\n  role: KarpenterNodeRole\n' +
      '  amiSelectorTerms: [{alias: al2023@latest}]\n  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n' +
      `  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n  userData: "#!/bin/bash\\n# ${'x'.repeat(13_312 - 13)}"\n`,
    expect: 'userdata-size EC2NodeClass/big /spec/userData',
  },
  'an EC2NodeClass of amiFamily Custom whose userData alone passes 16 KB': {
    rule: 'userdata-size',
    text:
      'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: custom}\nspec:\n  role: KarpenterNodeRole\n  amiFamily: Custom\n' +
      '  amiSelectorTerms: [{id: ami-0123456789abcdef0}]\n  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n' +
      `  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n  userData: "#!/bin/bash\\n# ${'x'.repeat(16_384 - 13)}"\n`,
    expect: 'userdata-size EC2NodeClass/custom /spec/userData',
  },
  'an object over 1.5 MiB': {
    rule: 'object-size',
    text: `apiVersion: v1\nkind: Secret\nmetadata: {name: big, namespace: default}\nstringData:\n  blob: ${'x'.repeat(1.5 * 1024 * 1024)}\n`,
    expect: 'object-size Secret/default/big',
  },
};

describe('each bad manifest of the corpus is flagged by its rule, at its path, and by nothing else (references strict)', () => {
  test.each(FILES)('%s', (file) => {
    expect.hasAssertions();
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);
    expect(reported(checkText(text, '1.30', file, { strictReferences: true, ...optionsOf(text) }))).toEqual(expected);
  });
});

describe('with strict references every corpus finding has its rule’s severity, references outside the set being errors', () => {
  test.each(FILES)('%s', (file) => {
    expect.hasAssertions();
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const findings = checkText(text, '1.30', file, { strictReferences: true, ...optionsOf(text) }).findings.filter(
      (f) => f.severity !== 'info',
    );
    expect(findings.map((f) => [f.rule, f.severity])).toEqual(
      findings.map((f) => [f.rule, f.outsideSet ? 'error' : RULES[f.rule].severity]),
    );
  });
});

describe('generated examples', () => {
  test.each(Object.keys(GENERATED))('%s', (name) => {
    expect.hasAssertions();
    const { text, expect: expected, alsoExpect = [] } = GENERATED[name];
    expect(reported(checkText(text))).toEqual([expected, ...alsoExpect].sort());
  });
});

test('every rule of the registry has a bad-manifest example (a corpus file or a generated one), unless it says why none can exist', () => {
  expect.hasAssertions();
  const shown = new Set([
    ...FILES.flatMap((f) => expectations(readFileSync(join(CORPUS, f), 'utf8')).map((e) => e.split(' ')[0])),
    ...Object.values(GENERATED).map((g) => g.rule),
  ]);
  const needed = RULE_IDS.filter((id) => !('noCorpusExample' in RULES[id]));
  expect(needed.filter((id) => !shown.has(id))).toEqual([]);
  expect([...shown].filter((id) => !(RULE_IDS as string[]).includes(id))).toEqual([]);
  expect(FILES.filter((f) => f.startsWith('cel-')).length).toBeGreaterThanOrEqual(5);
});

test('a ConfigMap of exactly 1 MiB is accepted by the API server, if not by client-side kubectl apply', () => {
  expect.hasAssertions();
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: ${'x'.repeat(1024 * 1024 - 4)}\n`;
  expect(reported(checkText(text))).toEqual(['client-apply-size ConfigMap/default/big']);
});

/** A ConfigMap whose annotations, once kubectl adds its own, are `bytes` long. */
function configMapWithLastApplied(bytes: number): string {
  const head = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'default' }, data: { blob: '' } };
  // The annotation: its key (47 bytes), the object as JSON, a newline; `<` takes six bytes there.
  const fixed = 'kubectl.kubernetes.io/last-applied-configuration'.length + JSON.stringify(head).length + 1;
  const blob = `<${'x'.repeat(bytes - fixed - 6)}`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  blob: "${blob}"\n`;
}

test('an EC2NodeClass of amiFamily Custom may fill all of EC2’s 16 KB: Karpenter adds nothing to it', () => {
  expect.hasAssertions();
  const text =
    'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: custom}\nspec:\n  role: KarpenterNodeRole\n  amiFamily: Custom\n' +
    '  amiSelectorTerms: [{id: ami-0123456789abcdef0}]\n  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n' +
    `  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: c}}]\n  userData: "#!/bin/bash\\n# ${'x'.repeat(16_384 - 14)}"\n`;
  expect(reported(checkText(text))).toEqual([]);
});

test('client-side kubectl apply takes annotations of exactly 256 KiB, and warns at one byte more', () => {
  expect.hasAssertions();
  expect([
    reported(checkText(configMapWithLastApplied(256 * 1024))),
    reported(checkText(configMapWithLastApplied(256 * 1024 + 1))),
  ]).toEqual([[], ['client-apply-size ConfigMap/default/big']]);
});

test('a ConfigMap whose values are exactly 1 MiB is accepted by the API server, which counts values, not keys (ValidateConfigMap)', () => {
  expect.hasAssertions();
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  a-long-key-name.sh: ${'x'.repeat(1024 * 1024 - 3)}\n  b: xyz\n`;
  expect(reported(checkText(text))).toEqual(['client-apply-size ConfigMap/default/big']);
});

test('a ConfigMap whose values are one byte over 1 MiB is refused, binaryData counted decoded', () => {
  expect.hasAssertions();
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n  a: ${'x'.repeat(1024 * 1024 - 3)}\nbinaryData:\n  b: ${Buffer.from('1234').toString('base64')}\n`;
  expect(reported(checkText(text))).toEqual(['client-apply-size ConfigMap/default/big', 'configmap-size ConfigMap/default/big /data']);
});
