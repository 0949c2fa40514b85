import { ConfigError } from '../../lib/config/problems';
import { UsageError } from '../../lib/errors';
import { EnvironmentError } from '../../lib/files/environment-error';
import { fromWireError, packFiles, toWireError, unpackFiles } from '../../lib/cli/package-wire';
import { RenderedFiles } from '../../lib/rendered-files';

/** What a file's content is as bytes on disk. */
const bytes = (content: string | Buffer) => Buffer.from(content);

describe('files packed for the trip from the worker thread', () => {
  const sets: RenderedFiles[] = [
    new Map<string, string | Buffer>([
      ['helm/x/values.yaml', 'a: 日本語 🚀\n'],
      ['helm/x/empty.txt', ''],
      ['helm/x-0.1.0.tgz', Buffer.from([0x1f, 0x8b, 0, 0xff, 0])],
      ['helm/x/lone.txt', 'half \ud83d of a pair'],
    ]),
    new Map([['helm/y/Chart.yaml', 'name: y\n']]),
  ];

  test('come back as the same sets, paths in the same order, each file the bytes writing it would give', () => {
    expect.hasAssertions();
    const unpacked = unpackFiles(packFiles(sets));
    expect(unpacked.map((files) => [...files.keys()])).toEqual(sets.map((files) => [...files.keys()]));
    unpacked.forEach((files, i) => {
      for (const [path, content] of files) expect([path, bytes(content)]).toEqual([path, bytes(sets[i].get(path)!)]);
    });
  });

  test('are one buffer of their own, exactly their size, which every file views without a copy', () => {
    expect.hasAssertions();
    const packed = packFiles(sets);
    const size = sets.reduce((sum, files) => sum + [...files.values()].reduce((n, content) => n + bytes(content).length, 0), 0);
    expect(packed.buffer.byteLength).toBe(size);
    const views = unpackFiles(packed).flatMap((files) => [...files.values()]) as Buffer[];
    expect(views.every((view) => view.buffer === packed.buffer)).toBe(true);
  });
});

describe("the worker thread's errors", () => {
  const roundTrip = (error: unknown) => fromWireError(toWireError(error));

  test('a usage error stays a usage error with its message (exit 2)', () => {
    expect.hasAssertions();
    const error = roundTrip(new UsageError("the Helm chart's x/values.yaml would be 6 MiB"));
    expect([error instanceof UsageError, error.message]).toEqual([true, "the Helm chart's x/values.yaml would be 6 MiB"]);
  });

  test('a config error keeps its file and every problem', () => {
    expect.hasAssertions();
    const problems = [{ path: 'teams[0].name', message: 'must be a DNS label' }];
    const error = roundTrip(new ConfigError('platform.yaml', problems));
    expect(error).toBeInstanceOf(ConfigError);
    expect([(error as ConfigError).file, (error as ConfigError).problems]).toEqual(['platform.yaml', problems]);
  });

  test('a failed system call becomes the environment error the main thread would raise for it', () => {
    expect.hasAssertions();
    const failed = Object.assign(new Error("ENOSPC: no space left on device, write '/tmp/x'"), {
      code: 'ENOSPC',
      syscall: 'write',
      path: '/tmp/x',
    });
    const error = roundTrip(failed);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect({ ...(error as EnvironmentError) }).toMatchObject({ path: '/tmp/x', reason: 'no space left on device', code: 'ENOSPC' });
  });

  test("any other error is an internal error with the worker's message and stack (printed with DEBUG=1)", () => {
    expect.hasAssertions();
    const bug = new TypeError('x is undefined');
    const error = roundTrip(bug);
    expect([error.constructor, error.message, error.stack]).toEqual([Error, 'x is undefined', bug.stack]);
    expect(roundTrip('a thrown string').message).toBe('a thrown string');
  });
});
