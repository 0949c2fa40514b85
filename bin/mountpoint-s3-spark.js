#!/usr/bin/env node
// Runs the CLI bundled into build/cli.js (scripts/bundle-cli.js) with its V8
// code cache: one file whose compiled code is deserialised, instead of some
// 300 modules resolved, read and compiled on every run.
'use strict';
const { join } = require('node:path');
const { loadCachedModule } = require('../build/lib/code-cache.js');

loadCachedModule(join(__dirname, '..', 'build', 'cli.js'))
  .run(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
