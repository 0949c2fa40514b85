import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextVersion } from '../../lib/helm/version-bump';
import { readExample, runCli, tempDir } from '../helpers';

/** A directory synthesized from the default example, and a config file to change and synthesize again. */
function synthesized() {
  const dir = tempDir();
  const config = join(dir, 'config.yaml');
  const out = join(dir, 'dist');
  writeFileSync(config, readExample('node-daemonset.yaml'));
  expect(runCli(['synth', '--config', config, '--out', out]).status).toBe(0);
  const change = () =>
    writeFileSync(config, readExample('node-daemonset.yaml').replace('bucket: my-spark-jars', 'bucket: other-spark-jars'));
  return { config, out, change };
}

const BUMP =
  'the Helm chart spark-s3-jars changed but its version is still 0.1.0: bump it, e.g. --chart-version 0.1.1 or chart.version: 0.1.1 in the config';

describe('synth, when the chart in DIR has the same version but other content', () => {
  test('writes and warns, naming the version to bump to', () => {
    expect.hasAssertions();
    const { config, out, change } = synthesized();
    change();
    const result = runCli(['synth', '--config', config, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`warning: ${BUMP}\n`);
  });

  test('synth --check fails and names the version to bump to', () => {
    expect.hasAssertions();
    const { config, out, change } = synthesized();
    change();
    const result = runCli(['synth', '--config', config, '--out', out, '--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(BUMP);
  });

  test('no warning when the version was bumped, or when nothing changed', () => {
    expect.hasAssertions();
    const { config, out, change } = synthesized();
    expect(runCli(['synth', '--config', config, '--out', out]).stderr).not.toContain('warning');
    change();
    expect(runCli(['synth', '--config', config, '--out', out, '--chart-version', '0.1.1']).stderr).not.toContain('warning');
  });
});

test.each([
  ['0.1.0', '0.1.1'],
  ['1.2.3+abc', '1.2.4'],
  ['2.0.0-rc.1', '2.0.0'],
  ['1.9.99', '1.9.100'],
])('the version after %s is %s', (version, next) => {
  expect.hasAssertions();
  expect(nextVersion(version)).toBe(next);
});
