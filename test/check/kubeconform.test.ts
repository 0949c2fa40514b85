import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKubeconform } from '../../lib/check/kubeconform';
import { runCli, tempDir } from '../helpers';

const FILE = join(__dirname, 'corpus', 'schema-unknown-field.yaml');

/**
 * A stand-in for kubeconform (none can be downloaded here): records its
 * arguments and prints kubeconform's JSON output with the given status for
 * every object.
 */
function stubKubeconform(status: string): { bin: string; argsFile: string } {
  const dir = tempDir();
  const bin = join(dir, 'kubeconform');
  const argsFile = join(dir, 'args');
  writeFileSync(
    bin,
    `#!/bin/bash
printf '%s\\n' "$@" > '${argsFile}'
cat <<'JSON'
{
  "resources": [
    {"filename": "${FILE}", "kind": "ConfigMap", "name": "settings", "version": "v1", "status": "${status}", "msg": "stub verdict"}
  ],
  "summary": {"valid": 0, "invalid": 1, "errors": 0, "skipped": 0}
}
JSON
`,
  );
  chmodSync(bin, 0o755);
  return { bin, argsFile };
}

test('kubeconform runs strict over the same files with our schema directory as -schema-location', () => {
  const { bin, argsFile } = stubKubeconform('statusInvalid');
  const result = runCli(['check', FILE, '--kubeconform', bin, '--kubernetes-version', '1.31']);
  expect(result.stderr).toBe('');
  const args = readFileSync(argsFile, 'utf8').trim().split('\n');
  expect(args).toEqual(expect.arrayContaining(['-strict', '-output', 'json', '-kubernetes-version', '1.31.0', FILE]));
  const template = args[args.indexOf('-schema-location') + 1];
  // kubeconform fills the template like this for a v1 ConfigMap on 1.31 in strict mode:
  const resolved = template
    .replace('{{.NormalizedKubernetesVersion}}', 'v1.31.0')
    .replace('{{.StrictSuffix}}', '-strict')
    .replace('{{.ResourceKind}}', 'configmap')
    .replace('{{.KindSuffix}}', '-v1');
  expect(existsSync(resolved)).toBe(true);
  expect(JSON.parse(readFileSync(resolved, 'utf8')).additionalProperties).toBe(false);
});

test('when kubeconform agrees, nothing is added', () => {
  const { bin } = stubKubeconform('statusInvalid');
  const result = runCli(['check', FILE, '--kubeconform', bin]);
  expect(result.stdout).not.toContain('[kubeconform]');
});

test('a disagreement with the schema step is reported (here kubeconform passes what step 1 refuses)', () => {
  const { bin } = stubKubeconform('statusValid');
  const result = runCli(['check', FILE, '--kubeconform', bin]);
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(
    `${FILE}: ConfigMap/default/settings: warning: kubeconform says valid: stub verdict; the schema step says invalid [kubeconform]`,
  );
});

test('kubeconform is found through --kubeconform, then $KUBECONFORM, then PATH', () => {
  const { bin } = stubKubeconform('statusValid');
  const dir = join(bin, '..');
  expect(findKubeconform('/opt/kc', { KUBECONFORM: '/env/kc', PATH: dir })).toBe('/opt/kc');
  expect(findKubeconform(undefined, { KUBECONFORM: '/env/kc', PATH: dir })).toBe('/env/kc');
  expect(findKubeconform(undefined, { PATH: `/nonexistent:${dir}` })).toBe(bin);
  expect(findKubeconform(undefined, { PATH: '/nonexistent' })).toBeUndefined();
});

test('--skip-rules kubeconform drops the disagreements', () => {
  expect.hasAssertions();
  const { bin } = stubKubeconform('statusValid');
  const result = runCli(['check', FILE, '--kubeconform', bin, '--skip-rules', 'kubeconform']);
  expect(result.stdout).toContain('[schema/additionalProperties]');
  expect(result.stdout).not.toContain('[kubeconform]');
});

test('kubeconform gets the same --schema-location, --skip and --reject', () => {
  expect.hasAssertions();
  const { bin, argsFile } = stubKubeconform('statusInvalid');
  runCli([
    'check',
    FILE,
    '--kubeconform',
    bin,
    '--schema-location',
    'default',
    '--schema-location',
    '/catalog/{{.Group}}/{{.ResourceKind}}.json',
    '--skip',
    'Secret',
    '--reject',
    'Pod',
  ]);
  const args = readFileSync(argsFile, 'utf8').trim().split('\n');
  const locations = args.flatMap((a, i) => (args[i - 1] === '-schema-location' ? [a] : []));
  expect(locations).toEqual([
    expect.stringContaining('build/schemas/{{.NormalizedKubernetesVersion}}'),
    '/catalog/{{.Group}}/{{.ResourceKind}}.json',
  ]);
  expect(args[args.indexOf('-skip') + 1]).toBe('Kustomization,Secret');
  expect(args[args.indexOf('-reject') + 1]).toBe('Pod');
});
