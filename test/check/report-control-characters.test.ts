import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { runCli, tempDir } from '../helpers';

/**
 * A manifest whose name, label key and label value carry a newline, a tab,
 * U+0001 and U+2028: every finding quotes one of them.
 */
function hostileManifest(): string {
  const file = join(tempDir(), 'hostile.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: "bad\\nname"',
      '  labels:',
      '    "x\\ty": "a\\u2028b\\u0001"',
      'data: {}',
      '',
    ].join('\n'),
  );
  return file;
}

/** W3C XML 1.0 (Fifth Edition) §2.2, production [2] Char: what an XML document may contain at all. */
const XML_CHAR = /^[\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

describe('check reports quote hostile strings without breaking their format', () => {
  test('text: one line per finding, control characters and U+2028 shown escaped', () => {
    const result = runCli(['check', hostileManifest()]);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.endsWith('-syntax]'))).toHaveLength(3);
    expect(lines).toHaveLength(4);
    expect(result.stdout).toContain('ConfigMap/bad\\u000aname');
    expect(result.stdout).toContain('"a\\u2028b\\u0001"');
    expect(result.stdout).not.toMatch(/[\u0001\u0009\u2028]/);
  });

  test('junit: only characters XML 1.0 allows, and the test case names the object as the text output does', () => {
    const result = runCli(['check', hostileManifest(), '--output', 'junit']);
    expect(result.stdout).toMatch(XML_CHAR);
    const doc = new DOMParser().parseFromString(result.stdout, 'text/xml');
    expect(doc.getElementsByTagName('testcase')[0].getAttribute('name')).toBe('ConfigMap/bad\\u000aname');
    expect(doc.getElementsByTagName('failure')[0].textContent!.split('\n')).toHaveLength(3);
  });

  test('tap: one test point and the plan, nothing else', () => {
    const lines = runCli(['check', hostileManifest(), '--output', 'tap']).stdout.trimEnd().split('\n');
    expect(lines).toEqual(['TAP version 13', expect.stringMatching(/^not ok 1 - .*\[name-syntax\]$/), '1..1']);
  });
});
