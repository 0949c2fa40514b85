'use strict';
// Runs one row module in a process of its own (bench/run.js starts it in a new
// process group and kills the group when the row's time is up). Each row the
// module reports is appended at once, as one JSON line, to the results file,
// so the rows measured before a timeout are kept. Its scratch folder (ctx.dir)
// belongs to bench/run.js, which removes it however the row ends.
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');
const { measure, median, race } = require('./measure');

const ROOT = join(__dirname, '..', '..');

async function main([file, resultsFile, optionsJson]) {
  const options = JSON.parse(optionsJson);
  const bench = require(file);
  const dir = options.dir;
  const row = (r) => appendFileSync(resultsFile, `${JSON.stringify(r)}\n`);
  const ctx = {
    tiny: options.tiny,
    runs: options.runs,
    extraCaCerts: options.extraCaCerts,
    tools: options.tools,
    root: ROOT,
    cli: join(ROOT, 'bin', 'mountpoint-s3-spark.js'),
    node: process.execPath,
    dir,
    row,
    median,
    measure: (command, args, opts = {}) => measure(command, args, { dir, ...opts }),
    race: (commands, opts = {}) => race(commands, { dir, runs: options.runs, ...opts }),
  };
  const returned = await bench.run(ctx);
  for (const r of returned ?? []) row(r);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
