// Jest global teardown: removes the run's scratch TMPDIR (see scratch-tmpdir.js) and restores the one before.
'use strict';
const { rmSync } = require('node:fs');

module.exports = function removeScratchTmpdir() {
  const scratch = process.env.MOUNTPOINT_S3_SPARK_TEST_SCRATCH;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  const before = process.env.MOUNTPOINT_S3_SPARK_TEST_TMPDIR_BEFORE;
  if (before) process.env.TMPDIR = before;
  else delete process.env.TMPDIR;
};
