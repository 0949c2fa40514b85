// `npm run bench` (bench/run.js) as a user runs it: one combined table of
// every row module, each bounded in time, skipped when its tool is missing.
// No figure is asserted: speed targets live in the table, not in tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

const RUN = join(ROOT, 'bench', 'run.js');
const FIXTURE_ROWS = join(__dirname, 'fixtures', 'rows');

function bench(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** The table's lines by their first cell, the row module's title (blank on a group's later lines). */
function tableLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('bench ')) + 1).filter(Boolean);
}

// A file that exists: Node reads the file NODE_EXTRA_CA_CERTS names when it starts.
const CA_CERTS = join(ROOT, 'package.json');
const pidFile = join(tempDir('mps-bench-test-'), 'pid');
const synthLog = join(tempDir('mps-bench-test-'), 'synth.log');
const scratch = tempDir('mps-bench-tmp-');
let fixtures: ReturnType<typeof bench>;
beforeAll(() => {
  fixtures = bench(['--rows', FIXTURE_ROWS], {
    FIXTURE_PID_FILE: pidFile,
    FIXTURE_SYNTH_LOG: synthLog,
    TMPDIR: scratch,
    NODE_EXTRA_CA_CERTS: CA_CERTS,
  });
});

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('every row of bench/rows runs at its tiny size and lands in one table, exit 0', () => {
  const list = bench(['--list']);
  const titles = list.stdout
    .trim()
    .split('\n')
    .map((l) => l.split('  ')[1]);
  const result = bench(['--tiny']);
  expect(result.status).toBe(0);
  const lines = tableLines(result.stdout);
  const started = titles.map((title) => lines.findIndex((l) => l.startsWith(title)));
  expect({
    titles: titles.length,
    started: started.every((i) => i >= 0),
    ordered: started.every((i, n) => n === 0 || i > started[n - 1]),
  }).toEqual({
    titles: list.stdout.trim().split('\n').length,
    started: true,
    ordered: true,
  });
  expect(lines.filter((l) => /FAILED|TIMEOUT/.test(l))).toEqual([]);
});

test('the header names the machine: CPU model, cores, Node version and load average', () => {
  expect(fixtures.stdout).toMatch(
    /^machine: .+, \d+ cores, .+ Node v\d+\.\d+\.\d+; load average \(1, 5, 15 min\) [\d. ]+ at start, [\d. ]+ at end$/m,
  );
});

test('a row with a comparison prints the other side and the ratio', () => {
  expect(tableLines(fixtures.stdout).find((l) => l.includes('echo vs sleep'))).toMatch(/ s\s+sleep\s+\d+\.\d\d×/);
});

test('commands are measured without NODE_EXTRA_CA_CERTS, which the row is handed, and the footer says so', () => {
  expect({
    row: tableLines(fixtures.stdout).find((l) => l.startsWith('fixture: environment')),
    footer: fixtures.stdout.includes('NODE_EXTRA_CA_CERTS (set here) unset for every command but the row that names it'),
  }).toEqual({
    row: expect.stringContaining(`command sees unset, row is handed ${CA_CERTS}`),
    footer: true,
  });
});

test('a row whose tool is missing is skipped, saying which tool and how to get it', () => {
  expect(tableLines(fixtures.stdout).find((l) => l.startsWith('fixture: missing tool'))).toMatch(
    /skipped: no-such-tool not found \(install it from nowhere\)$/,
  );
});

test('a row over its time bound is killed with the processes it started, keeping the rows it reported', () => {
  const lines = tableLines(fixtures.stdout);
  const at = lines.findIndex((l) => l.startsWith('fixture: overtime'));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  expect({
    first: lines[at].includes('before the bound') && lines[at].includes('done'),
    timeout: lines[at + 1].trimEnd().endsWith('TIMEOUT after 2 s'),
    childAlive: processAlive(pid),
  }).toEqual({ first: true, timeout: true, childAlive: false });
});

test('a row that crashes is FAILED with its error, the rows after it still run, and the exit code is 1', () => {
  const lines = tableLines(fixtures.stdout);
  expect({
    failed: lines
      .find((l) => l.startsWith('fixture: crash'))
      ?.trimEnd()
      .endsWith('FAILED: exit 1: TypeError: the row broke'),
    later: lines.some((l) => l.startsWith('fixture: overtime')),
    status: fixtures.status,
  }).toEqual({ failed: true, later: true, status: 1 });
});

test('--markdown prints a Markdown table, with | in a cell escaped, and the machine below it', () => {
  const result = bench(['--rows', FIXTURE_ROWS, '--only', 'a-measured', '--markdown']);
  const lines = result.stdout.trim().split('\n');
  expect({
    header: lines[0],
    align: lines[1],
    escaped: lines.some((l) => l.includes('echo \\| with a pipe')),
    columns: lines.slice(0, 4).map((l) => l.split(/(?<!\\)\|/).length),
    machine: /^\d{4}-\d\d-\d\dT[\d:]+Z on .+ cores, .+ Node v/.test(lines[lines.length - 1]),
    status: result.status,
  }).toEqual({
    header: '| bench | case | measured | CPU s | peak MiB | compared with | ratio | target | verdict |',
    align: '|---|---|---:|---:|---:|---|---:|---|---|',
    escaped: true,
    columns: [11, 11, 11, 11],
    machine: true,
    status: 0,
  });
});

test('--only with an unknown row id is refused with the ids there are, exit 2', () => {
  const result = bench(['--rows', FIXTURE_ROWS, '--only', 'nope']);
  expect({ status: result.status, message: result.stderr.split('\n')[0] }).toEqual({
    status: 2,
    message: 'bench: no row nope (rows: a-measured, b-crash, c-missing-tool, d-overtime, e-environment, f-synth-steps)',
  });
});

// bench/rows/synth-steps.js run on a fake synth and helm (fixtures/synth-steps/), whose step times are made up.
describe('synth steps by teams', () => {
  /** The fixture's line for `what` (`pod-csi-90, 10,000 teams: synth`), its cells split on the table's runs of spaces. */
  const stepLine = (what: string) =>
    tableLines(fixtures.stdout)
      .find((l) => l.includes(`${what}  `))
      ?.split(/ {2,}/)
      .slice(1);
  /** How many times the fakes ran, by command and size (`synth pod-csi-90-1000`, `helm template dist-pod-csi-90-1000`). */
  const runs = () => {
    const counts: Record<string, number> = {};
    for (const line of readFileSync(synthLog, 'utf8').trim().split('\n')) {
      const key = line.replace(/\.json$|-\d+$/g, '');
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  test('each size runs 5 times up to 1,000 teams and 3 times at 10,000; helm template as often, but once at 10,000', () => {
    expect(runs()).toEqual({
      ...Object.fromEntries(
        ['pod-csi-90', 'node-level'].flatMap((mix) =>
          [1, 10, 100, 1000].flatMap((teams) => [
            [`synth ${mix}-${teams}`, 5],
            [`helm template dist-${mix}-${teams}`, 5],
          ]),
        ),
      ),
      'synth pod-csi-90-10000': 3,
      'helm template dist-pod-csi-90-10000': 1,
      // Refused (exit 2) on its first run: refused on every run.
      'synth node-level-10000': 1,
    });
  });

  test("a step's growth is its median CPU over the median of 10× fewer teams, with both sizes' spread and the extremes' growth", () => {
    // The runs at 1,000 teams: 0.130 0.090 0.110 0.300 0.100 s; at 10,000: 1.00 1.20 0.80. The first runs would give 7.69×,
    // the last 8.00×, the lowest 8.89×, the highest 4.00×, the means 6.85×.
    expect(stepLine('pod-csi-90, 10,000 teams: synth')).toEqual([
      'pod-csi-90, 10,000 teams: synth',
      '1.00 s',
      '1.00',
      '1,000 teams: 0.110 s CPU (0.090–0.300 s CPU, 5 runs)',
      '9.09×',
      '≤ 11× (median CPU)',
      'ok (0.800–1.200 s CPU, 3 runs; extremes 2.67–13.33×)',
    ]);
  });

  test('a step whose median grows more than 11× is OVER, though its first and its lowest run would pass', () => {
    expect(stepLine('pod-csi-90, 10,000 teams: check')?.slice(4)).toEqual([
      '12.00×',
      '≤ 11× (median CPU)',
      'OVER (0.950–1.300 s CPU, 3 runs; extremes 9.50–13.00×)',
    ]);
  });
});

test('no row leaves its scratch folder behind, not even one killed at its time bound', () => {
  expect(readdirSync(scratch)).toEqual([]);
});
