import { gzipSync } from 'node:zlib';
import { Header, PackSync, ReadEntry } from 'tar';
import { packageChart } from '../../lib/helm/package';

/**
 * packageChart lays out the tar stream itself and lets tar encode only the
 * headers (start-up: tar's entry loads its whole bundle). The reference is
 * node-tar's own packer as the chart was packaged with it before: PackSync,
 * portable, without pax headers, fixed time, mode 644. The archives must be
 * the same bytes, or every user's committed chart would change.
 */
function packedByNodeTar(chartName: string, files: ReadonlyMap<string, string>): Buffer {
  const chunks: Buffer[] = [];
  const time = new Date(0);
  const pack = new PackSync({ portable: true, noPax: true, mtime: time });
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const path of [...files.keys()].sort()) {
    const body = Buffer.from(files.get(path) ?? '', 'utf8');
    const entry = new ReadEntry(
      new Header({ path: `${chartName}/${path}`, type: 'File', mode: 0o644, size: body.length, mtime: time, uid: 0, gid: 0 }),
    );
    pack.add(entry);
    entry.end(body);
  }
  pack.end();
  return gzipSync(Buffer.concat(chunks), { level: 6 });
}

function expectSameArchive(chartName: string, files: Record<string, string>): void {
  const map = new Map(Object.entries(files));
  expect(packageChart(chartName, map).equals(packedByNodeTar(chartName, map))).toBe(true);
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the chart archive (.tgz)', () => {
  test('a chart of templates, values and helpers is the archive node-tar packs', () => {
    expect.hasAssertions();
    expectSameArchive('spark-s3-jars', {
      'Chart.yaml': 'apiVersion: v2\nname: spark-s3-jars\nversion: 0.1.0\n',
      'values.yaml': 'teams: {}\n',
      'values.schema.json': '{}\n',
      'templates/_helpers.tpl': '{{- define "x" -}}{{- end -}}\n',
      'templates/node-daemonset/daemonset.yaml': 'kind: DaemonSet\n'.repeat(100),
      'README.md': '# chart\n',
    });
  });

  test('files with no body, or a body of whole blocks, get no padding', () => {
    expect.hasAssertions();
    expectSameArchive('c', { 'empty.yaml': '', 'one-block.yaml': 'x'.repeat(512), 'two-blocks.yaml': 'y'.repeat(1024), 'odd.yaml': 'z' });
  });

  test('paths longer than the 100-byte name field are split into prefix and name as node-tar splits them', () => {
    expect.hasAssertions();
    expectSameArchive('spark-platform', {
      [`templates/pod-csi/persistentvolumeclaim-${'team-with-a-long-name-'.repeat(4)}jars.yaml`]: 'kind: PersistentVolumeClaim\n',
      [`templates/${'a'.repeat(99)}/${'b'.repeat(40)}.yaml`]: 'b\n',
    });
  });

  test('paths that fit no split are cut as node-tar cuts them', () => {
    expect.hasAssertions();
    expectSameArchive('c', {
      [`templates/${'n'.repeat(120)}.yaml`]: 'a long base name\n',
      [`${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}/${'g'.repeat(60)}/x.yaml`]: 'a long folder\n',
      [`templates/${'s'.repeat(300)}`]: 'longer than prefix and name together\n',
    });
  });

  test('non-ASCII paths and bodies are encoded as node-tar encodes them', () => {
    expect.hasAssertions();
    expectSameArchive('c', {
      'templates/überschrift-日本語.yaml': 'größe: 1\n名前: テスト\n',
      [`templates/${'é'.repeat(70)}.yaml`]: 'cut in the middle of a character\n',
    });
  });

  test('any set of files, paths and sizes is the archive node-tar packs', () => {
    expect.hasAssertions();
    const next = random(18);
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-._ü/';
    for (let round = 0; round < 40; round++) {
      const files: Record<string, string> = {};
      const count = 1 + Math.floor(next() * 8);
      for (let i = 0; i < count; i++) {
        const length = 1 + Math.floor(next() * 280);
        let path = '';
        for (let c = 0; c < length; c++) path += letters[Math.floor(next() * letters.length)];
        const size = [0, 1, 511, 512, 513, Math.floor(next() * 5000)][Math.floor(next() * 6)];
        files[`${path.replace(/^\/+|\/+$/g, '') || 'f'}-${i}`] = 'x'.repeat(size);
      }
      expectSameArchive(`chart-${round}`, files);
    }
  });
});
