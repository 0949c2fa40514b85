import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { defaultConfigData, runCli, tempDir } from '../helpers';

/** Two buckets whose names (valid, up to 63 characters) share their first 60 characters. */
function configWithLongBucketNames(): Record<string, any> {
  const data = defaultConfigData();
  const [first] = data.buckets;
  const second = {
    ...structuredClone(first),
    name: `${'a'.repeat(60)}-y`,
    bucket: 'other-spark-jars',
    mount: { ...first.mount, path: '/mnt/s3/other' },
  };
  first.name = `${'a'.repeat(60)}-x`;
  data.buckets.push(second);
  data.teams[0].buckets = [first.name, second.name];
  data.sparkApplications[0].deps.bucket = first.name;
  return data;
}

describe('S3 volumes of the Spark pod templates', () => {
  test('buckets whose names only differ after the 60th character get distinct volume names, and synth succeeds', () => {
    expect.hasAssertions();
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), yaml.dump(configWithLongBucketNames()));
    const result = runCli(['synth', '--config', join(dir, 'config.yaml'), '--out', join(dir, 'out')]);
    expect([result.status, result.stderr]).toEqual([0, '']);
  });
});
