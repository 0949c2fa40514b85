import { loadConfigText } from '../../lib/config/load';
import { documentLimitProblem, jsonTextLimitProblem } from '../../lib/files/document-limits';
import { ConfigError } from '../../lib/config/problems';
import { defaultConfigData } from '../helpers';

/** The problems loading `text` as the JSON file `file` reports, or [] when it loads. */
function problemsLoading(text: string, file = 'platform.json'): string[] {
  try {
    loadConfigText(text, file);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

/** The default config with `value` nested `depth` lists deep as a Spark argument's place (the schema refuses it, but only after the limits). */
function nestedText(depth: number): string {
  const data = defaultConfigData();
  data.sparkApplications[0].arguments = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  return JSON.stringify(data);
}

describe('checks a JSON config text answers without a walk over the document', () => {
  test('a list nested so that it is 100 levels deep is not refused for its nesting', () => {
    expect.hasAssertions();
    // The config object (0), sparkApplications (1), the application (2), arguments (3): 97 more lists reach depth 100.
    expect(problemsLoading(nestedText(98)).filter((p) => p.includes('nested deeper'))).toEqual([]);
  });

  test('one level more is refused, with the message of the walk over the parsed document', () => {
    expect.hasAssertions();
    const text = nestedText(99);
    expect([problemsLoading(text), documentLimitProblem(JSON.parse(text))]).toEqual([
      [': nested deeper than 100 levels'],
      'nested deeper than 100 levels',
    ]);
  });

  test.each([0, 1, 97, 98, 99, 100, 101, 150])('the text of lists %i deep inside a map gets the answer of the walk', (depth) => {
    expect.hasAssertions();
    const text = JSON.stringify({ a: JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`), b: '[[{{' });
    expect(jsonTextLimitProblem(text)).toBe(documentLimitProblem(JSON.parse(text)));
  });

  test('brackets inside strings, escaped quotes among them, are not nesting', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].arguments = [`\\"${'['.repeat(200)}"`, '{'.repeat(200)];
    expect(problemsLoading(JSON.stringify(data))).toEqual([]);
  });

  test('deep nesting only in a value that a later duplicate key replaces is not refused: JSON.parse keeps the last, as before', () => {
    expect.hasAssertions();
    const text = JSON.stringify(defaultConfigData()).replace(/^\{/, `{"chart":${'['.repeat(150)}${']'.repeat(150)},`);
    expect([documentLimitProblem(JSON.parse(text)), problemsLoading(text)]).toEqual([undefined, []]);
  });

  test('U+2028 written as a JSON escape is refused with its path', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].arguments = ['SEPARATOR'];
    const text = JSON.stringify(data).replace('SEPARATOR', 'keep\\u2028#dropped');
    expect(problemsLoading(text)).toEqual([
      'sparkApplications[0].arguments[0]: the value holds U+2028 (LINE SEPARATOR), which Helm, kubectl and the API server read as a line break; remove it or write it another way',
    ]);
  });

  test('DEL written as it is in a JSON string is refused with its path', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].sparkConf = { 'spark.x': 'a\u007fb' };
    expect(problemsLoading(JSON.stringify(data))).toEqual([
      `sparkApplications[0].sparkConf."spark.x": the value holds U+007F, a control character or noncharacter that kubectl kustomize (Go's YAML) refuses in any file; remove it`,
    ]);
  });
});
