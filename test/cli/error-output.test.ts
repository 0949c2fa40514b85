import { formatConfigError, formatErrorLine } from '../../lib/cli/error-output';
import { ConfigError } from '../../lib/config/problems';

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('config errors', () => {
  const error = new ConfigError('platform.yaml', [
    { path: 'buckets[0].prefix', message: 'a prefix must end with "/"' },
    { path: 'buckets[1].mount.metadataTtl', message: 'must be string' },
    { path: 'buckets[2].expectedBucketOwner', message: 'must be string' },
  ]);

  test('are FILE: path: message lines, then each hint once', () => {
    expect(formatConfigError(error, { color: false })).toBe(
      [
        'platform.yaml: buckets[0].prefix: a prefix must end with "/"',
        'platform.yaml: buckets[1].mount.metadataTtl: must be string',
        'platform.yaml: buckets[2].expectedBucketOwner: must be string',
        'hint: YAML reads unquoted digits (300, 1.4, 0123) as a number: quote the value, e.g. metadataTtl: "300"',
        '',
      ].join('\n'),
    );
  });

  test('in colour, only the parts are coloured: without the escapes the text is the same', () => {
    const coloured = formatConfigError(error, { color: true });
    expect(coloured).toContain(
      '\x1b[1mplatform.yaml\x1b[22m: \x1b[36mbuckets[0].prefix\x1b[39m: \x1b[31ma prefix must end with "/"\x1b[39m',
    );
    expect(stripAnsi(coloured)).toBe(formatConfigError(error, { color: false }));
  });

  test('a missing file tells how to get a config', () => {
    const missing = new ConfigError('platform.yaml', [{ path: '', message: 'cannot read config: file not found' }]);
    expect(formatConfigError(missing, { color: false })).toBe(
      'platform.yaml: cannot read config: file not found\nhint: write a starter config with: mountpoint-s3-spark init --out platform.yaml (or leave out --config for the built-in default)\n',
    );
  });

  test('a problem that already says what to do gets no hint', () => {
    const unknown = new ConfigError('platform.yaml', [
      { path: 'teams[0].buckets[0]', message: 'unknown bucket "jar" (did you mean "jars"?)' },
    ]);
    expect(formatConfigError(unknown, { color: false })).toBe(
      'platform.yaml: teams[0].buckets[0]: unknown bucket "jar" (did you mean "jars"?)\n',
    );
  });
});

test('usage errors keep their `error: message` line; the label is red in colour', () => {
  expect(formatErrorLine('error', 'bad flag', { color: false })).toBe('error: bad flag\n');
  expect(formatErrorLine('error', 'bad flag', { color: true })).toBe('\x1b[31merror:\x1b[39m bad flag\n');
});
