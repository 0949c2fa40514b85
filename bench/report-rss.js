'use strict';
// Preloaded by bench/scale.js when GNU time is missing: writes this process's peak RSS (KiB) at exit.
process.on('exit', () => require('node:fs').writeFileSync(process.env.MPS_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
