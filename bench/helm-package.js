'use strict';
// Used by bench/rows/helm-package.js, in a process of its own:
//   node bench/helm-package.js CONFIG.json OUT_DIR
// renders the Helm chart of CONFIG (the package step of synth, alone), writes
// the chart to OUT_DIR, and prints as JSON the step's CPU and wall seconds
// (median of RUNS, default 1) and the chart's largest file and total size.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { loadConfigText } = require('../build/lib/config/load');
const { renderHelmChart } = require('../build/lib/helm/render-chart');

const [configFile, out, runs = '1'] = process.argv.slice(2);
const config = loadConfigText(readFileSync(configFile, 'utf8'), configFile);
const cpu = [];
const wall = [];
let files;
for (let run = 0; run < Number(runs); run++) {
  const started = process.hrtime.bigint();
  const before = process.cpuUsage();
  files = renderHelmChart(config);
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1e6);
  wall.push(Number(process.hrtime.bigint() - started) / 1e9);
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
let largest = { path: '', bytes: 0 };
let total = 0;
for (const [path, content] of files) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), content);
  if (path.endsWith('.tgz')) continue;
  const bytes = Buffer.byteLength(content);
  total += bytes;
  if (bytes > largest.bytes) largest = { path: path.split('/').slice(2).join('/'), bytes };
}
const tgz = [...files.keys()].find((path) => path.endsWith('.tgz'));
console.log(JSON.stringify({ cpu: median(cpu), seconds: median(wall), largest, total, chart: join(out, tgz) }));
