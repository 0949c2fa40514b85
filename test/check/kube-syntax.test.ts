import { qualifiedName } from '../../lib/check/kube-syntax';

// Label and annotation keys as apimachinery's IsQualifiedName takes them
// (k8s.io/apimachinery/pkg/util/validation): an optional prefix, a DNS-1123
// subdomain of at most 253 characters, and `/`, then a name of 1 to 63
// characters, letters, digits, `-`, `_` and `.`, starting and ending with a
// letter or digit.
const VALID = [
  'a',
  'A1',
  'app.kubernetes.io/name',
  'a_b.c-d',
  `${'a'.repeat(63)}`,
  `${'a'.repeat(253)}/x`,
  `${'b'.repeat(63)}.${'c'.repeat(63)}/${'N'.repeat(63)}`,
  'example.com/Key_1.x',
  '0/0',
];
const INVALID = [
  '',
  '/',
  '/x',
  'x/',
  'a/b/c',
  `${'a'.repeat(64)}`,
  `${'a'.repeat(254)}/x`,
  `example.com/${'a'.repeat(64)}`,
  'Example.com/x',
  'example..com/x',
  '.example.com/x',
  'example.com-/x',
  '-a',
  'a-',
  '_a',
  'a.',
  'a b',
  'ä',
  'a\n',
  'example.com/_x',
];

test('qualifiedName takes the keys apimachinery takes', () => {
  expect.hasAssertions();
  for (const key of VALID) expect([key, qualifiedName(key)]).toEqual([key, undefined]);
});

test('qualifiedName refuses the keys apimachinery refuses, saying why', () => {
  expect.hasAssertions();
  for (const key of INVALID) expect([key, typeof qualifiedName(key)]).toEqual([key, 'string']);
});
