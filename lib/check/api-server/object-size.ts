import { Finding, finding, Resource } from '../types';

/** etcd's default request limit (`--max-request-bytes`), which caps every stored object. */
export const OBJECT_MAX_BYTES = 1.5 * 1024 * 1024;

/** The API server's limit on an object's annotations, keys and values together (apimachinery `TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Where client-side `kubectl apply` keeps the object as it applied it, as JSON. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A document of at most this many characters serializes to JSON far below
 * the smaller of the limits measured here, ANNOTATIONS_MAX_BYTES (what
 * client-side apply copies into an annotation): 3 UTF-8 bytes per character
 * at worst, times 3 for JSON against YAML at worst (`a:` becomes
 * `"a":null,`), or 6 bytes for a `<`, `>` or `&` Go escapes, with room to spare.
 */
export const KNOWN_SMALL_TEXT = Math.floor(ANNOTATIONS_MAX_BYTES / 10);

/**
 * The API server answers objects over 1.5 MiB with "request is too large".
 * Below that, an object whose JSON passes 256 KiB cannot be applied with
 * client-side `kubectl apply` (Argo CD's default sync too), which copies it
 * into an annotation: a warning, as server-side apply, Helm and Flux take it.
 * Measured on objects whose text is not known to be small.
 */
export function checkObjectSize(resource: Resource): Finding[] {
  if (resource.knownSmall) return [];
  let json: string;
  try {
    json = JSON.stringify(resource.object);
  } catch {
    // Aliases that repeat anchored nodes can expand past what a string can hold.
    return [finding(resource, '', 'object-size', 'the object is too large to serialize (aliases repeat it past any limit)')];
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > OBJECT_MAX_BYTES) {
    const mib = (bytes / 1024 / 1024).toFixed(2);
    const message = `the object is ${mib} MiB (${bytes} bytes) as JSON, more than the 1.5 MiB (${OBJECT_MAX_BYTES} bytes) etcd stores`;
    return [finding(resource, '', 'object-size', message)];
  }
  const annotationBytes = lastAppliedAnnotationBytes(resource.object, json, bytes);
  if (annotationBytes <= ANNOTATIONS_MAX_BYTES) return [];
  return [
    finding(
      resource,
      '',
      'client-apply-size',
      `client-side kubectl apply would make its annotations ${annotationBytes} bytes (the ${LAST_APPLIED} annotation holds the ` +
        `object as JSON), over the ${ANNOTATIONS_MAX_BYTES} bytes the API server allows: apply it with kubectl apply --server-side ` +
        `(Argo CD: sync option ServerSideApply=true)`,
      'warning',
    ),
  ];
}

/**
 * The annotations' size once kubectl adds LAST_APPLIED: the object's JSON as
 * Go writes it (`<`, `>` and `&` escaped to six bytes each instead of one,
 * U+2028 and U+2029 to six instead of three, a final newline) next to the
 * other annotations, keys and values counted.
 */
function lastAppliedAnnotationBytes(object: Resource['object'], json: string, jsonBytes: number): number {
  const htmlEscapes = json.match(/[<>&]/g)?.length ?? 0;
  const separatorEscapes = json.match(/[\u2028\u2029]/g)?.length ?? 0;
  const annotations = object.metadata?.annotations;
  let others = 0;
  if (annotations && typeof annotations === 'object') {
    for (const [key, value] of Object.entries(annotations)) {
      if (key !== LAST_APPLIED) others += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
  }
  return others + Buffer.byteLength(LAST_APPLIED) + jsonBytes + 5 * htmlEscapes + 3 * separatorEscapes + 1;
}
