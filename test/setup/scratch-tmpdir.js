// Jest global setup: every test run gets a scratch folder of its own as TMPDIR (os.tmpdir() reads it), removed
// by the teardown. Tests and the libraries they drive (cdk8s's Testing.app() makes a folder per call and never
// removes it) otherwise leave thousands of folders in the system's /tmp.
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = function createScratchTmpdir() {
  const scratch = mkdtempSync(join(tmpdir(), 'mountpoint-s3-spark-tests-'));
  process.env.MOUNTPOINT_S3_SPARK_TEST_SCRATCH = scratch;
  process.env.MOUNTPOINT_S3_SPARK_TEST_TMPDIR_BEFORE = process.env.TMPDIR ?? '';
  process.env.TMPDIR = scratch;
};
