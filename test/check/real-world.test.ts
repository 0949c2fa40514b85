import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { passed } from '../../lib/check/check-resources';
import { runCli } from '../helpers';
import { checkText } from './helpers';

/**
 * Manifests written for these tests in the style of public EKS blueprints and
 * of the Mountpoint CSI driver's and Karpenter's examples: valid for the API
 * server and for kubeconform. Checked one file at a time, as people run
 * kubeconform, and all together; warnings are allowed, errors are not.
 */
const REAL_WORLD = join(__dirname, 'real-world');
const FILES = readdirSync(REAL_WORLD)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('a real-world manifest checked on its own has no errors', () => {
  test.each(FILES)('%s', (file) => {
    expect.hasAssertions();
    const report = checkText(readFileSync(join(REAL_WORLD, file), 'utf8'), '1.30', file);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    expect(passed(report)).toBe(true);
  });
});

test('the whole real-world directory, checked together, exits 0 with warnings only', () => {
  expect.hasAssertions();
  const result = runCli(['check', REAL_WORLD]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Kubernetes 1\.30: \d+ resources - valid \d+, invalid 0, skipped 0, warnings \d+/m);
  expect(result.stdout.split('\n').filter((l) => l.includes(': warning: ')).length).toBeGreaterThan(0);
});

test('its warnings are references to objects created elsewhere ("make sure it exists in the cluster") and sparkConf keys the operator overrides', () => {
  expect.hasAssertions();
  const result = runCli(['check', REAL_WORLD, '--output', 'json']);
  const findings: Array<{ severity: string; rule: string; message: string }> = JSON.parse(result.stdout).versions[0].findings.filter(
    (f: any) => f.severity === 'warning',
  );
  const references = findings.filter((f) => f.rule !== 'spark-conf-overridden');
  expect(new Set(references.map((f) => f.rule))).toEqual(new Set(['service-account-ref', 'role-ref', 'pv-pvc', 'node-selection']));
  expect(references.every((f) => f.message.endsWith('is not among the checked objects — make sure it exists in the cluster'))).toBe(true);
  expect(findings.filter((f) => f.rule === 'spark-conf-overridden').map((f) => f.message)).toEqual([
    expect.stringContaining('"spark.kubernetes.driver.pod.name"'),
  ]);
});

test('--warnings-as-errors turns those warnings into a failing run', () => {
  expect.hasAssertions();
  const result = runCli(['check', REAL_WORLD, '--warnings-as-errors']);
  expect(result.status).toBe(1);
  expect(result.stdout).not.toContain(': warning: ');
});

test('--strict-references (a complete set) makes the missing ServiceAccounts errors', () => {
  expect.hasAssertions();
  const result = runCli(['check', join(REAL_WORLD, 'spark-volcano-queue.yaml'), '--strict-references']);
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(
    '/spec/driver/serviceAccount: ServiceAccount default/spark is not among the checked objects [service-account-ref]',
  );
});
