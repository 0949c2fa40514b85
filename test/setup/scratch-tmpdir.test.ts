import { Testing } from 'cdk8s';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';

describe('test scratch folder', () => {
  test('temporary folders of a test run (here cdk8s Testing.app()) go into the run’s scratch TMPDIR, removed after the run', () => {
    const scratch = process.env.MOUNTPOINT_S3_SPARK_TEST_SCRATCH;
    const app = Testing.app();
    expect(scratch).toMatch(/mountpoint-s3-spark-tests-/);
    expect(tmpdir()).toBe(scratch);
    expect(dirname(app.outdir)).toBe(scratch);
  });
});
