import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SCHEMA_DIR, supportedVersions } from '../../lib/check/schema-registry';
import { ROOT, tempDir } from '../helpers';

/**
 * The index of the compiled validators (scripts/build-schemas.js): index.json
 * holds every Kubernetes version's, and each version's part is written to a
 * file of its own too, so that a check of one version parses a tenth of it.
 */
const RECORD_HOOK = join(ROOT, 'test', 'fixtures', 'record-read-files.js');

/** The index files under SCHEMA_DIR a CLI run reads. */
function indexFilesRead(...args: string[]): string[] {
  const record = join(tempDir(), 'read.txt');
  const result = spawnSync(process.execPath, ['--require', RECORD_HOOK, join(ROOT, 'bin', 'mountpoint-s3-spark.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, READ_FILES_FILE: record },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((file) => file.startsWith(`${SCHEMA_DIR}/`) && /^index.*\.json$/.test(basename(file)))
    .map((file) => basename(file));
}

describe('the index of the compiled validators', () => {
  test("each version's file holds that version's part of the whole index", () => {
    expect.hasAssertions();
    const whole = JSON.parse(readFileSync(join(SCHEMA_DIR, 'index.json'), 'utf8')) as Record<string, unknown>;
    for (const version of supportedVersions()) {
      expect(JSON.parse(readFileSync(join(SCHEMA_DIR, `index-${version}.json`), 'utf8'))).toEqual(whole[version]);
    }
  });

  test("the supported versions are the whole index's, in its order", () => {
    expect.hasAssertions();
    const whole = JSON.parse(readFileSync(join(SCHEMA_DIR, 'index.json'), 'utf8')) as Record<string, unknown>;
    expect(supportedVersions()).toEqual(Object.keys(whole));
  });

  test("a check of one version reads that version's index alone", () => {
    expect.hasAssertions();
    const manifest = join(tempDir(), 'config-map.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
    expect(indexFilesRead('check', manifest, '--kubernetes-version', '1.32')).toEqual(['index-1.32.json']);
  });

  test("synth's check reads the index of its Kubernetes version alone", () => {
    expect.hasAssertions();
    const example = join(ROOT, 'examples', 'pod-csi.yaml');
    const version = /kubernetesVersion: "?([0-9.]+)"?/.exec(readFileSync(example, 'utf8'))?.[1];
    expect(indexFilesRead('synth', '--config', example, '--out', join(tempDir(), 'dist'), '--quiet')).toEqual([`index-${version}.json`]);
  });
});
