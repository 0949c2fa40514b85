#!/usr/bin/env node
// Runs the compiled CLI: starting from JavaScript keeps start-up in milliseconds.
process.exitCode = require('../build/lib/cli/main.js').run(process.argv.slice(2));
