import { gzipSync } from 'node:zlib';

/*
 * tar's header encoder alone (`tar/header`): the package's entry loads its
 * whole bundle (streams, zlib wrappers, file-system packing) and a default
 * synth paid more for that than for packing. TypeScript resolves packages as
 * Node 10 did and does not see subpath exports, hence the require.
 */
const { Header } = require('tar/header') as Pick<typeof import('tar'), 'Header'>;

/** A tar archive is made of 512-byte blocks: each header, each file's padded body, and two empty blocks at the end. */
const BLOCK_BYTES = 512;
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK_BYTES);

/** Every entry gets the same time, so the archive depends on the content alone. */
const ENTRY_TIME = new Date(0);

/**
 * `<chart>-<version>.tgz` as `helm package` lays it out (every file under
 * `<chart>/`), but byte-identical for the same files: entries sorted by path,
 * fixed time, mode and owner, no pax headers, and a gzip header without a
 * time stamp (Node's zlib writes mtime 0).
 */
export function packageChart(chartName: string, files: ReadonlyMap<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const path of [...files.keys()].sort()) {
    const body = Buffer.from(files.get(path) ?? '', 'utf8');
    // As `tar --portable --no-pax` (node-tar) writes a file: no owner (ids and names left empty), no pax header.
    const header = new Header({ path: `${chartName}/${path}`, type: 'File', mode: 0o644, size: body.length, mtime: ENTRY_TIME });
    header.encode();
    blocks.push(header.block as Buffer, body, Buffer.alloc((BLOCK_BYTES - (body.length % BLOCK_BYTES)) % BLOCK_BYTES));
  }
  blocks.push(END_OF_ARCHIVE);
  return gzipSync(Buffer.concat(blocks), { level: 6 });
}
