'use strict';
// Preloaded into Node commands when GNU time is missing: writes the process's own resource usage at exit.
process.on('exit', () => require('node:fs').writeFileSync(process.env.MPS_BENCH_USAGE_FILE, JSON.stringify(process.resourceUsage())));
