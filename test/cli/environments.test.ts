import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentConfigs } from '../../lib/config/environments';
import { loadConfig } from '../../lib/config/load';
import { synthesize } from '../../lib/synth/synthesize';
import { packagePath } from '../../lib/package-root';
import { readExample, runCli, snapshotDir, tempDir } from '../helpers';

const EXAMPLE = packagePath('examples', 'environments.yaml');

/** `synth` of the environments example into a fresh directory. */
function synthesizedDir(...args: string[]): string {
  const out = join(tempDir(), 'dist');
  const result = runCli(['synth', '--config', EXAMPLE, '--out', out, ...args]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return out;
}

/** `synth` of the example, then `synth` again into the same DIR of the example with `from` replaced by `to`. */
function synthAgainWith(from: string, to: string) {
  const out = synthesizedDir();
  const config = join(tempDir(), 'platform.yaml');
  writeFileSync(config, readExample('environments.yaml').replace(from, to));
  return runCli(['synth', '--config', config, '--out', out]);
}

describe('mountpoint-s3-spark synth with environments', () => {
  test('writes DIR/<environment>/ for every environment, each what the environment alone synthesizes, and DIR/OVERVIEW.md', () => {
    expect.hasAssertions();
    const out = synthesizedDir();
    const expected = environmentConfigs(loadConfig(EXAMPLE), EXAMPLE).flatMap(({ name, config }) =>
      [...synthesize(config, undefined, name).keys()].map((path) => `${name}/${path}`),
    );
    expect(Object.keys(snapshotDir(out)).sort()).toEqual(['OVERVIEW.md', ...expected].sort());
  });

  test('--environment rewrites only DIR/<environment>/ and leaves the rest of DIR alone', () => {
    expect.hasAssertions();
    const out = synthesizedDir();
    writeFileSync(join(out, 'notes.md'), 'mine');
    const teams = join(out, 'dev', 'manifests', 'teams.k8s.yaml');
    writeFileSync(teams, 'changed by hand\n');
    const before = snapshotDir(out);
    rmSync(join(out, 'prod', 'manifests'), { recursive: true });

    const result = runCli(['synth', '--config', EXAMPLE, '--out', out, '--environment', 'prod']);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^wrote \\d+ files to ${join(out, 'prod')}\n$`));
    expect(snapshotDir(out)).toEqual(before);
  });

  test('an unknown --environment is a usage error that names the known ones', () => {
    expect.hasAssertions();
    const result = runCli(['synth', '--config', EXAMPLE, '--out', join(tempDir(), 'dist'), '--environment', 'prd']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: --environment: unknown environment "prd" (did you mean "prod"?) in ${EXAMPLE}; it has dev, prod\n`);
  });

  test('--environment with a config without environments is a usage error', () => {
    expect.hasAssertions();
    const result = runCli(['synth', '--out', join(tempDir(), 'dist'), '--environment', 'prod']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: --environment "prod": examples/node-daemonset.yaml has no environments section\n');
  });

  test('--check compares every environment and names the file of the one that differs', () => {
    expect.hasAssertions();
    const out = synthesizedDir();
    expect(runCli(['synth', '--config', EXAMPLE, '--out', out, '--check']).status).toBe(0);
    const teams = join(out, 'prod', 'manifests', 'teams.k8s.yaml');
    writeFileSync(teams, readFileSync(teams, 'utf8').replace('name: risk', 'name: risky'));

    const result = runCli(['synth', '--config', EXAMPLE, '--out', out, '--check']);

    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('--- '))).toEqual(['--- a/prod/manifests/teams.k8s.yaml']);
  });

  test('a problem of one environment exits 2 naming the environment and the field, and writes nothing', () => {
    expect.hasAssertions();
    const parent = tempDir();
    const config = join(parent, 'platform.yaml');
    writeFileSync(config, readExample('environments.yaml').replace('bucket: acme-spark-jars-prod', 'bucket: Acme_Jars'));

    const result = runCli(['synth', '--config', config, '--out', join(parent, 'dist')]);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${config}: environments\\.prod → buckets\\[0\\]\\.bucket: `));
    expect(existsSync(join(parent, 'dist'))).toBe(false);
  });

  test('--output json counts the objects of every environment', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    const summary = JSON.parse(runCli(['synth', '--config', EXAMPLE, '--out', out, '--output', 'json']).stdout);
    // dev runs one SparkApplication, prod two.
    expect(summary.objects.byKind.SparkApplication).toBe(3);
    expect(summary.check).toMatchObject({ verdict: 'valid', kubernetesVersion: '1.30' });
  });

  test('validate checks every environment and names them', () => {
    expect.hasAssertions();
    const result = runCli(['validate', '--config', EXAMPLE]);
    expect(result.stdout).toBe(`${EXAMPLE}: valid (2 buckets, 1 teams, 1 Spark applications; environments dev, prod)\n`);
  });

  test('--chart-version sets the chart version of every environment', () => {
    expect.hasAssertions();
    const out = synthesizedDir('--chart-version', '2.0.0');
    for (const env of ['dev', 'prod'])
      expect(readFileSync(join(out, env, 'helm', 'spark-s3-jars', 'Chart.yaml'), 'utf8')).toContain('\nversion: 2.0.0\n');
  });

  test('a node pool whose userData changes is noted with its environment', () => {
    expect.hasAssertions();
    const result = synthAgainWith('bucket: acme-spark-jars-prod', 'bucket: acme-spark-jars-prod2');

    expect(result.status).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('note:'))).toEqual(
      ['spark', 'spark-graviton'].map(
        (pool) =>
          `note: environment prod: node pool ${pool}: EC2NodeClass userData changes; Karpenter will replace every node of the pool (drift)`,
      ),
    );
  });

  test('a changed chart of an environment under the same version asks for a new version', () => {
    expect.hasAssertions();
    const result = synthAgainWith('instances: 8', 'instances: 9');

    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      'warning: the Helm chart spark-s3-jars changed but its version is still 0.1.0: bump it, e.g. --chart-version 0.1.1',
    );
  });
});

describe('synth --environment when every environment shares one Helm chart', () => {
  /** The pod-csi example with a dev and a prod that differ only in a chart value: prod's executor count. */
  function sharedChartConfig(instances: number): string {
    const config = join(tempDir(), 'platform.yaml');
    const environments = `\nenvironments:\n  - name: dev\n  - name: prod\n    sparkApplications:\n      - name: taxi-trip\n        executor:\n          instances: ${instances}\n`;
    writeFileSync(config, readExample('pod-csi.yaml') + environments);
    return config;
  }
  const prodValues = (out: string) => readFileSync(join(out, 'helm', 'spark-s3-jars', 'values-prod.yaml'), 'utf8');

  test("writes the environment's values into the shared chart, which its GitOps objects release", () => {
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--config', sharedChartConfig(8), '--out', out]).status).toBe(0);
    expect(prodValues(out)).toContain('instances: 8\n');
    const devValues = readFileSync(join(out, 'helm', 'spark-s3-jars', 'values-dev.yaml'), 'utf8');

    const result = runCli(['synth', '--config', sharedChartConfig(16), '--out', out, '--environment', 'prod', '--chart-version', '0.1.1']);

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`wrote 7 files to ${join(out, 'prod')} and the chart every environment shares to ${join(out, 'helm')}\n`);
    expect(prodValues(out)).toContain('instances: 16\n');
    expect(readFileSync(join(out, 'helm', 'spark-s3-jars', 'values-dev.yaml'), 'utf8')).toBe(devValues);
    // The new version's package replaces the old one.
    expect(existsSync(join(out, 'helm', 'spark-s3-jars-0.1.1.tgz'))).toBe(true);
    expect(existsSync(join(out, 'helm', 'spark-s3-jars-0.1.0.tgz'))).toBe(false);
  });

  test('--check names the shared chart when only its values for the environment are out of date', () => {
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--config', sharedChartConfig(8), '--out', out]).status).toBe(0);

    const result = runCli(['synth', '--config', sharedChartConfig(16), '--out', out, '--check', '--environment', 'prod']);

    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('--- '))).toContain('--- a/helm/spark-s3-jars/values-prod.yaml');
  });
});
