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
