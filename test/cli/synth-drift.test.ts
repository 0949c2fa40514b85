import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthCommand } from '../../lib/cli/synth';
import { readExample, tempDir } from '../helpers';

/** Synthesizes `configText` into `out` in-process; what standard error received. */
async function synth(configText: string, out: string, check?: boolean): Promise<string> {
  const config = join(tempDir(), 'config.yaml');
  writeFileSync(config, configText);
  const stderr: string[] = [];
  try {
    await synthCommand(
      { config, out, check },
      { stdout: () => undefined, stderr: { interactive: false, color: false, write: (t) => stderr.push(t) } },
    );
  } catch {
    // --check of a changed DIR fails; what matters here is what it said.
  }
  return stderr.join('');
}

const NOTE = (pool: string) =>
  `note: node pool ${pool}: EC2NodeClass userData changes; Karpenter will replace every node of the pool (drift)\n`;

describe('synth and Karpenter drift of node-userdata pools', () => {
  const example = readExample('node-userdata.yaml');

  test('says nothing when DIR holds no earlier output', async () => {
    expect.hasAssertions();
    expect(await synth(example, join(tempDir(), 'dist'))).toBe('');
  });

  test('names every pool whose userData changes against DIR, when writing and with --check', async () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    await synth(example, out);
    const newer = example.replace('version: 1.23.0 ', 'version: 1.24.0 ');
    expect(newer).not.toBe(example);
    // The chart changes too (its appVersion): synth also warns that its version needs a bump.
    const notes = (stderr: string) => stderr.replace(/^warning: the Helm chart .*\n/m, '');
    expect(notes(await synth(newer, out, true))).toBe(NOTE('spark-amd64-spot') + NOTE('spark-arm64-on-demand'));
    expect(notes(await synth(newer, out))).toBe(NOTE('spark-amd64-spot') + NOTE('spark-arm64-on-demand'));
    expect(await synth(newer, out)).toBe('');
  });

  test('ignores an earlier manifest it cannot parse', async () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    mkdirSync(join(out, 'manifests'), { recursive: true });
    writeFileSync(join(out, 'manifests', 'node-pools.k8s.yaml'), 'kind: EC2NodeClass\n  : [unbalanced\n');
    expect(await synth(example, out)).toBe('');
  });
});

describe('synth reading an earlier DIR it did not write', () => {
  test('ignores an earlier manifest that is a symlink to a device, instead of reading it', async () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    mkdirSync(join(out, 'manifests'), { recursive: true });
    symlinkSync('/dev/zero', join(out, 'manifests', 'node-pools.k8s.yaml'));
    expect(await synth(readExample('node-userdata.yaml'), out)).toBe('');
  });
});
