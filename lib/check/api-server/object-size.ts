import { Finding, finding, Resource } from '../types';

/** etcd's default request limit (`--max-request-bytes`), which caps every stored object. */
export const OBJECT_MAX_BYTES = 1.5 * 1024 * 1024;

/**
 * A document of at most this many characters serializes to JSON far below
 * OBJECT_MAX_BYTES: 3 UTF-8 bytes per character at worst, times 3 for JSON
 * against YAML at worst (`a:` becomes `"a":null,`), with room to spare.
 */
export const KNOWN_SMALL_TEXT = Math.floor(OBJECT_MAX_BYTES / 10);

/** The API server answers objects over 1.5 MiB with "request is too large". */
export function checkObjectSize(resource: Resource): Finding[] {
  if (resource.knownSmall) return [];
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(resource.object));
  } catch {
    // Aliases that repeat anchored nodes can expand past what a string can hold.
    return [finding(resource, '', 'object-size', 'the object is too large to serialize (aliases repeat it past any limit)')];
  }
  if (bytes <= OBJECT_MAX_BYTES) return [];
  const mib = (bytes / 1024 / 1024).toFixed(2);
  return [
    finding(
      resource,
      '',
      'object-size',
      `the object is ${mib} MiB (${bytes} bytes) as JSON, more than the 1.5 MiB (${OBJECT_MAX_BYTES} bytes) etcd stores`,
    ),
  ];
}
