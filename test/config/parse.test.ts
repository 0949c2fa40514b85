import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { ConfigError } from '../../lib/config/problems';
import { readExample } from '../helpers';

function errorLines(text: string, file: string): string[] {
  try {
    loadConfigText(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config parsing', () => {
  test('a YAML syntax error names the file, line and column', () => {
    expect(errorLines('apiVersion: x\nbuckets: [a, b\n', 'c.yaml')).toEqual([
      expect.stringMatching(/^c\.yaml: line 3, column 1: YAML syntax error: /),
    ]);
  });

  test('a duplicate YAML key is a syntax error', () => {
    expect(errorLines('kind: Config\nkind: Config\n', 'c.yaml')[0]).toMatch(
      /^c\.yaml: line 2, column \d+: YAML syntax error: duplicated mapping key/,
    );
  });

  test('a JSON syntax error names the file, line and column', () => {
    expect(errorLines('{\n  "kind": "Config",\n}\n', 'c.json')).toEqual([
      expect.stringMatching(/^c\.json: line 3, column 1: JSON syntax error: /),
    ]);
  });

  test('a JSON value that is no JSON (an unexpected token) is placed where it starts, and the input is not echoed', () => {
    expect.hasAssertions();
    expect(errorLines('{\n  "apiVersion": nope,\n  "kind": "Config"\n}\n', 'c.json')).toEqual([
      "c.json: line 2, column 17: JSON syntax error: Unexpected token 'o'",
    ]);
  });

  test('a JSON config that starts with a byte order mark is read as without it, as a YAML one is', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-daemonset.yaml'));
    expect(loadConfigText(`\ufeff${JSON.stringify(data)}`, 'c.json').buckets[0].bucket).toBe('my-spark-jars');
  });

  test('a JSON syntax error after a byte order mark is placed as an editor shows it, the mark aside', () => {
    expect.hasAssertions();
    expect(errorLines('\ufeff{"kind": nope}', 'c.json')).toEqual(["c.json: line 1, column 10: JSON syntax error: Unexpected token 'o'"]);
  });

  test('JSON configs are accepted', () => {
    const data = yaml.load(readExample('node-daemonset.yaml'));
    expect(loadConfigText(JSON.stringify(data, null, '\t'), 'c.json').buckets[0].bucket).toBe('my-spark-jars');
  });

  test('a config that is not a mapping is refused', () => {
    expect(errorLines('- a\n- b\n', 'c.yaml')).toEqual(['c.yaml: must be object']);
  });
});
