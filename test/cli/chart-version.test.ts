import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { runCli, tempDir } from '../helpers';

describe('mountpoint-s3-spark synth --chart-version', () => {
  test('versions the chart (file name, Chart.yaml); the version label stays the Mountpoint version', () => {
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out, '--chart-version', '2.0.0-rc.1']).status).toBe(0);
    expect(existsSync(join(out, 'helm/spark-s3-jars-2.0.0-rc.1.tgz'))).toBe(true);
    expect(yaml.load(readFileSync(join(out, 'helm/spark-s3-jars/Chart.yaml'), 'utf8'))).toMatchObject({ version: '2.0.0-rc.1' });
    expect(readFileSync(join(out, 'manifests/teams.k8s.yaml'), 'utf8')).toContain('app.kubernetes.io/version: 1.23.0\n');
  });

  test('a version that is not semver is a usage error and nothing is written', () => {
    const out = join(tempDir(), 'dist');
    const result = runCli(['synth', '--out', out, '--chart-version', '2.0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: --chart-version "2.0": must be a semantic version such as 1.2.3\n');
    expect(existsSync(out)).toBe(false);
  });
});
