import { spawnSync } from 'node:child_process';
import { poolUserData } from '../../lib/approaches/node-userdata/config/pool-userdata';
import { findBucket, toBucketMount, toMountpointRelease } from '../../lib/config/resolve';
import { withoutCommentLines } from '../../lib/scripts/comment-lines';
import { renderUserDataScript } from '../../lib/scripts/userdata-script';
import { GPG_RELEASE, JARS, SCRATCH } from '../fixtures/bucket-mounts';
import { EXAMPLES, exampleConfig } from '../helpers';

// A node pool's userData carries its script without comment lines. Bash drops comments as it
// reads; a function's text as `declare -f` prints it is what bash read. Both versions of a
// script, each read as the body of a function, must print the same.

/** What bash read of `script` (its `#!` line aside), as the body of a function. */
function asBashReadsIt(script: string): string {
  const body = script.slice(script.indexOf('\n') + 1);
  const result = spawnSync('bash', ['-c', 'eval "$1" && declare -f script_body', 'bash', `script_body() {\n${body}\n}`], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`bash could not read the script: ${result.stderr}`);
  return result.stdout;
}

// No line break: the config admits none in any value a script holds, and a quoted one could hold a # line.
const HOSTILE = `'$(touch /tmp/pwned)'\`id\`"; rm -rf / # #x`;
/** The same without white space, which fstab fields cannot hold. */
const HOSTILE_WORD = `#'$(id)'\`id\`";#x`;

describe('userData scripts without comment lines', () => {
  test.each([
    ['one mount, the release rpm', renderUserDataScript({ release: GPG_RELEASE, mounts: [JARS] })],
    [
      "two mounts, Amazon Linux 2023's package",
      renderUserDataScript({ release: { ...GPG_RELEASE, packageSource: 'al2023-repository' }, mounts: [JARS, SCRATCH] }),
    ],
    [
      'the rpm checked by sha256 digests, a mount without a cache',
      renderUserDataScript({
        release: { ...GPG_RELEASE, verification: { method: 'sha256', sha256: { x86_64: 'a'.repeat(64), arm64: 'b'.repeat(64) } } },
        mounts: [SCRATCH],
      }),
    ],
    [
      'hostile values in every field, # among them',
      renderUserDataScript({
        release: { ...GPG_RELEASE, version: HOSTILE, baseUrl: HOSTILE },
        mounts: [{ ...JARS, name: HOSTILE, path: `/mnt/${HOSTILE_WORD}`, cache: { directory: `/var/${HOSTILE_WORD}` } }],
      }),
    ],
  ])('%s: bash reads the same commands', (_name, script) => {
    expect.hasAssertions();
    expect(asBashReadsIt(withoutCommentLines(script))).toBe(asBashReadsIt(script));
  });
});

const EXAMPLE_POOLS = EXAMPLES.flatMap((example) => {
  const config = exampleConfig(example);
  return config.nodePools
    .filter((pool) => pool.buckets.length > 0)
    .map((pool) => ({ name: `${example}, pool ${pool.name}`, config, pool }));
});

describe("every example pool's userData", () => {
  test('there are example pools to judge', () => {
    expect.hasAssertions();
    expect(EXAMPLE_POOLS.length).toBeGreaterThanOrEqual(2);
  });

  test.each(EXAMPLE_POOLS.map((p) => [p.name, p] as const))(
    '%s: holds the script bash reads as the commented one',
    (_name, { config, pool }) => {
      expect.hasAssertions();
      const script = renderUserDataScript({
        release: toMountpointRelease(config),
        mounts: pool.buckets.map((name) => toBucketMount(config, findBucket(config, name))),
      });
      const shipped = withoutCommentLines(script);
      expect(poolUserData(config, pool)).toContain(`\n\n${shipped}`);
      expect(shipped.split('\n').filter((line) => /^\s*#(?!!| shellcheck )/.test(line))).toEqual([]);
      expect(asBashReadsIt(shipped)).toBe(asBashReadsIt(script));
    },
  );
});

test('the comparison sees a # line dropped from quoted text that spans lines', () => {
  expect.hasAssertions();
  const script = "#!/bin/bash\necho 'one\n# two'\n# a comment\n";
  expect(withoutCommentLines(script)).toBe("#!/bin/bash\necho 'one\n");
  expect(() => asBashReadsIt(withoutCommentLines(script))).toThrow('bash could not read the script');
});

test('a comment-free script is left as it is, final newline and all', () => {
  expect.hasAssertions();
  expect(withoutCommentLines('#!/bin/bash\n# shellcheck disable=SC2016\necho "a # b"\n  # x\n\n')).toBe(
    '#!/bin/bash\n# shellcheck disable=SC2016\necho "a # b"\n',
  );
});
