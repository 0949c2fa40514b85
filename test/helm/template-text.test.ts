import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goString, templateLiteral } from '../../lib/helm/template-text';
import { tempDir } from '../helpers';
import { helmTemplate } from './helm';

/** Text made of what the template lexer cares about, from a fixed seed so a failure repeats. */
function hostileTexts(count: number): string[] {
  const alphabet = [
    '{',
    '{',
    '}',
    '}',
    '{{',
    '}}',
    '-',
    ' ',
    '"',
    '\\',
    '`',
    '/*',
    '*/',
    '\n',
    '\t',
    '$',
    '.',
    'a',
    '\u0000',
    'é',
    '\ud83d\ude00',
  ];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const fixed = ['{', '{{', '{{{', 'a{', '}}', '{{/* x */}}', '{{- fail "x" -}}', '{{ end }}', '{{ define "x" }}'];
  return [
    ...fixed,
    ...Array.from({ length: count }, () => Array.from({ length: 1 + (next() % 24) }, () => alphabet[next() % alphabet.length]).join('')),
  ];
}

/** What helm renders for each text: templateLiteral(text) as a named template's body, goString(text) inside an action. */
function renderedByHelm(texts: readonly string[]): { literal: string[]; quoted: string[] } {
  const chart = join(tempDir(), 'text');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: text\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', '_texts.tpl'),
    texts.map((text, i) => `{{ define "literal.${i}" }}${templateLiteral(text)}{{ end }}`).join('\n'),
  );
  const data = texts.flatMap((text, i) => [
    `  literal-${i}: {{ include "literal.${i}" . | toJson }}`,
    `  quoted-${i}: {{ ${goString(text)} | toJson }}`,
  ]);
  writeFileSync(
    join(chart, 'templates', 'texts.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: texts\ndata:\n${data.join('\n')}\n`,
  );
  const [configMap] = helmTemplate(['text', chart]);
  return { literal: texts.map((_, i) => configMap.data[`literal-${i}`]), quoted: texts.map((_, i) => configMap.data[`quoted-${i}`]) };
}

describe('text from a config in a template', () => {
  const texts = hostileTexts(300);
  const rendered = renderedByHelm(texts);

  test('templateLiteral(text) is rendered by helm as exactly text, whatever braces and actions it holds', () => {
    expect.hasAssertions();
    expect(rendered.literal).toEqual(texts);
  });

  test('goString(text) inside an action is exactly text to helm', () => {
    expect.hasAssertions();
    expect(rendered.quoted).toEqual(texts);
  });

  test('a lone surrogate, which UTF-8 output writes as U+FFFD, becomes U+FFFD in a Go string', () => {
    expect.hasAssertions();
    expect(renderedByHelm(['a\ud800b']).quoted).toEqual(['a\ufffdb']);
  });
});
