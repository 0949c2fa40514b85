import { gzipSync } from 'node:zlib';
import { Header, PackSync, ReadEntry } from 'tar';

/** Every entry gets the same time, so the archive depends on the content alone. */
const ENTRY_TIME = new Date(0);

/**
 * `<chart>-<version>.tgz` as `helm package` lays it out (every file under
 * `<chart>/`), but byte-identical for the same files: entries sorted by path,
 * fixed time, mode and owner, no pax headers, and a gzip header without a
 * time stamp (Node's zlib writes mtime 0).
 */
export function packageChart(chartName: string, files: ReadonlyMap<string, string>): Buffer {
  const chunks: Buffer[] = [];
  // PackSync emits synchronously, so packaging stays part of the in-memory synthesis.
  const pack = new PackSync({ portable: true, noPax: true, mtime: ENTRY_TIME });
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const path of [...files.keys()].sort()) {
    const body = Buffer.from(files.get(path) ?? '', 'utf8');
    const entry = new ReadEntry(
      new Header({ path: `${chartName}/${path}`, type: 'File', mode: 0o644, size: body.length, mtime: ENTRY_TIME, uid: 0, gid: 0 }),
    );
    pack.add(entry);
    entry.end(body);
  }
  pack.end();
  return gzipSync(Buffer.concat(chunks), { level: 6 });
}
