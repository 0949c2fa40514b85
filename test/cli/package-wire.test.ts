import { ConfigError } from '../../lib/config/problems';
import { UsageError } from '../../lib/errors';
import { EnvironmentError } from '../../lib/files/environment-error';
import { AppMessage, appMessages, AppReceiver, fromWireError, packFiles, toWireError, unpackFiles } from '../../lib/cli/package-wire';
import { renderHelmChart } from '../../lib/helm/render-chart';
import { buildTokenizedApp, TokenizedApp } from '../../lib/helm/tokenized-app';
import { RenderedFiles } from '../../lib/rendered-files';
import { exampleConfig } from '../helpers';

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

describe('the tokenized app sent to the package worker', () => {
  /** The app as the worker reads it from `messages`. */
  const received = (config: Parameters<typeof buildTokenizedApp>[0], messages: Iterable<AppMessage>) => {
    const receiver = new AppReceiver(config);
    for (const message of messages) receiver.read(message);
    return receiver.app();
  };

  test.each(['pod-csi.yaml', 'multi-team.yaml', 'node-userdata.yaml'])(
    '%s: the app read back from its messages gives the same chart, byte for byte',
    (example) => {
      expect.hasAssertions();
      const target = exampleConfig(example);
      const app = buildTokenizedApp(target);
      expect(renderHelmChart(target, received(target, appMessages(app)))).toEqual(renderHelmChart(target, app));
    },
  );

  test('a group with no objects comes back as a group with no objects, in its place', () => {
    expect.hasAssertions();
    const target = exampleConfig('pod-csi.yaml');
    const app = buildTokenizedApp(target);
    const withEmpty: TokenizedApp = { ...app, groups: [{ id: 'empty', objects: [] }, ...app.groups, { id: 'last', objects: [] }] };
    expect(received(target, appMessages(withEmpty))!.groups).toEqual(JSON.parse(JSON.stringify(withEmpty.groups)));
  });

  test('a group of more objects than a message holds comes back whole, in order, every text as it was', () => {
    expect.hasAssertions();
    const target = exampleConfig('pod-csi.yaml');
    const app = buildTokenizedApp(target);
    const hostile = (i: number) =>
      JSON.parse(`{"__proto__": {"i": ${i}}, "name": "日本語 🚀 \\ud83d \\" {{ x }} ${i}", "n": -0.5}`) as unknown;
    const many: TokenizedApp = {
      ...app,
      groups: [...app.groups, { id: 'many', objects: Array.from({ length: 1000 }, (_, i) => hostile(i)) }],
    };
    const messages = [...appMessages(many)];
    expect(messages.filter((message) => 'group' in message && message.group === app.groups.length).length).toBeGreaterThan(1);
    expect(received(target, messages)!.groups).toEqual(JSON.parse(JSON.stringify(many.groups)));
  });

  test('an empty message says there is no app: the worker builds its own', () => {
    expect.hasAssertions();
    const receiver = new AppReceiver(exampleConfig('pod-csi.yaml'));
    expect([receiver.read({}), receiver.app()]).toEqual([true, undefined]);
  });

  test('a message that cannot be read fails the app once it is asked for, not the reading of later messages', () => {
    expect.hasAssertions();
    const target = exampleConfig('pod-csi.yaml');
    const [first, ...rest] = appMessages(buildTokenizedApp(target));
    const receiver = new AppReceiver(target);
    expect(receiver.read({ ...first, objects: '[{"cut' } as AppMessage)).toBe(false);
    expect(rest.map((message) => receiver.read(message)).at(-1)).toBe(true);
    expect(() => receiver.app()).toThrow(SyntaxError);
  });
});
