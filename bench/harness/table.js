'use strict';
// The combined table: one line per row, as aligned text or as Markdown, and
// the machine it ran on.
const os = require('node:os');

const COLUMNS = ['bench', 'case', 'measured', 'CPU s', 'peak MiB', 'compared with', 'ratio', 'target', 'verdict'];

const seconds = (s) => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
// A row travels as JSON: NaN and an infinite ratio (a zero time to compare with) arrive as null.
const number = (n, digits) => (n === undefined || n === null || Number.isNaN(n) ? '' : n.toFixed(digits));

/** The cells of a result row (see bench/README: the row shape). */
function cells(title, r) {
  const measured = r.value ?? (r.seconds === undefined ? '' : seconds(r.seconds));
  const against = r.against ?? '';
  return [
    title,
    r.case ?? '',
    measured,
    number(r.cpu, 2),
    number(r.mib, 0),
    against,
    number(r.ratio, 2) && `${number(r.ratio, 2)}×`,
    r.target ?? '',
    verdict(r),
  ];
}

function verdict(r) {
  const note = r.note ? ` (${r.note})` : '';
  if (r.failed) return `FAILED: ${r.failed}`;
  if (r.timeout) return `TIMEOUT after ${r.timeout} s`;
  if (r.skipped) return `skipped: ${r.skipped}`;
  if (r.ok === undefined) return `-${note}`;
  return `${r.ok ? 'ok' : 'OVER'}${note}`;
}

/** The lines of `groups` ([{ title, rows }]): the title on a group's first line only. */
function lines(groups) {
  return groups.flatMap(({ title, rows }) => rows.map((r, i) => cells(i === 0 ? title : '', r)));
}

function text(groups) {
  const body = lines(groups);
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const numeric = new Set([2, 3, 4, 6]);
  return [COLUMNS, ...body]
    .map((c) =>
      c
        .map((cell, i) => (i === c.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function markdown(groups) {
  const escape = (cell) => cell.replace(/\|/g, '\\|');
  const row = (c) => `| ${c.map(escape).join(' | ')} |`;
  const align = COLUMNS.map((_, i) => ([2, 3, 4, 6].includes(i) ? '---:' : '---'));
  return [row(COLUMNS), `|${align.join('|')}|`, ...lines(groups).map(row)].join('\n');
}

/** CPU model, cores, memory, OS, Node version and the load averages. */
function machine(loadAtStart) {
  const cpus = os.cpus();
  const load = (l) => l.map((v) => v.toFixed(2)).join(' ');
  return (
    `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}; ` +
    `load average (1, 5, 15 min) ${load(loadAtStart)} at start, ${load(os.loadavg())} at end`
  );
}

module.exports = { text, markdown, machine };
