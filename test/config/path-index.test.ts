import { PathIndex } from '../../lib/config/paths';

/** The definition the index must agree with: the same path, or one inside the other. */
function nested(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

const PATHS = [
  '/mnt/s3',
  '/mnt/s3/a',
  '/mnt/s3/a/b',
  '/mnt/s3a',
  '/mnt',
  '/mnt/s3',
  '/var/cache/x',
  '/',
  '//a',
  '/mnt/s3/a/',
  'relative/x',
];

test('finds exactly the paths that are the same, inside or around the one asked for, in ascending position', () => {
  expect.hasAssertions();
  const index = new PathIndex(PATHS);
  for (const query of [...PATHS, '/mnt/s3/a/b/c', '/other', '']) {
    const expected = PATHS.flatMap((path, position) => (nested(query, path) ? [position] : []));
    expect(index.nestedWith(query)).toEqual(expected);
  }
});

test('leaves out undefined entries but keeps the positions of the others', () => {
  expect.hasAssertions();
  const index = new PathIndex([undefined, '/a', undefined, '/a/b']);
  expect(index.nestedWith('/a')).toEqual([1, 3]);
});
