import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'bin', 'mountpoint-s3-spark.js');

/** `CLI ARGS | head -c 10` in real bash: the exit status of the CLI (not of head) and what it wrote to stderr. */
function pipedIntoHead(args: string): { status: string; stderr: string } {
  const errFile = join(tmpdir(), `mps-closed-pipe-${process.pid}.err`);
  const result = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${CLI}" ${args} 2>"${errFile}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "${errFile}"`],
    {
      encoding: 'utf8',
    },
  );
  const [status, ...stderr] = result.stdout.split('\n');
  return { status, stderr: stderr.join('\n') };
}

// The schema (over 64 KiB, more than a pipe holds) makes the write after head has gone fail with EPIPE.
test('`schema | head` ends quietly with exit 0 when head closes the pipe, with no EPIPE stack trace', () => {
  expect.hasAssertions();
  expect(pipedIntoHead('schema')).toEqual({ status: '0', stderr: '' });
});
