import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from '../helpers';

describe('the cdk8s app entry point (cdk8s.yaml)', () => {
  test('synthesizes the same chart files as the CLI, byte for byte', () => {
    const dir = tempDir();
    const cdk8sOut = join(dir, 'cdk8s');
    const app = spawnSync(process.execPath, [join(ROOT, 'build', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, CDK8S_OUTDIR: cdk8sOut },
      encoding: 'utf8',
    });
    expect(app.stderr).toBe('');
    expect(runCli(['synth', '--out', join(dir, 'dist')]).status).toBe(0);

    const charts = readdirSync(cdk8sOut).sort();
    expect(charts).toEqual(['node-daemonset.k8s.yaml', 'spark-applications.k8s.yaml', 'teams.k8s.yaml']);
    for (const chart of charts) {
      expect(readFileSync(join(cdk8sOut, chart), 'utf8')).toBe(readFileSync(join(dir, 'dist', 'manifests', chart), 'utf8'));
    }
  });
});
