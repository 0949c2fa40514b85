import { checkText, reported } from './helpers';

// client-side kubectl apply copies the object, as JSON, into an annotation of at most 256 KiB.
// Objects short in characters can still pass that in bytes: check must measure them.

test('an object of multi-byte text, 90,000 characters but 270,000 bytes as JSON, is too large for client-side apply', () => {
  expect.hasAssertions();
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cjk, namespace: default}\ndata:\n  blob: ${'字'.repeat(90_000)}\n`;
  expect(reported(checkText(text))).toEqual(['client-apply-size ConfigMap/default/cjk']);
});

test("an object of 50,000 '<' is too large for client-side apply: Go writes each as six bytes (\\u003c)", () => {
  expect.hasAssertions();
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lt, namespace: default}\ndata:\n  blob: "${'<'.repeat(50_000)}"\n`;
  expect(reported(checkText(text))).toEqual(['client-apply-size ConfigMap/default/lt']);
});

/** A ConfigMap whose annotations, once kubectl adds its own, are `bytes` long as Go writes them: U+2028 takes six bytes there. */
function withLineSeparator(bytes: number): string {
  const head = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ls', namespace: 'default' }, data: { blob: '' } };
  const fixed = 'kubectl.kubernetes.io/last-applied-configuration'.length + JSON.stringify(head).length + 1;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ls, namespace: default}\ndata:\n  blob: "\\u2028${'x'.repeat(bytes - fixed - 6)}"\n`;
}

test('U+2028, which Go escapes to six bytes, counts as six: annotations of 256 KiB pass, one byte more warns', () => {
  expect.hasAssertions();
  expect([reported(checkText(withLineSeparator(256 * 1024))), reported(checkText(withLineSeparator(256 * 1024 + 1)))]).toEqual([
    [],
    ['client-apply-size ConfigMap/default/ls'],
  ]);
});
