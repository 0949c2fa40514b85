import { createHash } from 'node:crypto';

/**
 * Longest file name stem of a template. With `.yaml` (or `_`/`.tpl`) the name
 * stays within the 100 bytes a ustar header holds for a path's last part, so
 * a Kubernetes name of up to 253 characters still packages without pax headers.
 */
const MAX_STEM = 80;
const HASH_LENGTH = 8;

interface NamedObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/**
 * Names the template file of each object of one cdk8s chart: `<kind>-<namespace>-<name>`
 * (`<kind>-<name>` when cluster-scoped), lower case, characters outside
 * `[a-z0-9.-]` replaced by `-`. One file per object keeps every template the
 * size of one object however many teams a platform has (Helm refuses a chart
 * file over 5 MiB), and a name made of what the object is, not of its
 * position, keeps the other files as they were when a team is added.
 */
export class TemplateFileNames {
  private readonly taken = new Set<string>();

  /** A stem unique within the chart; the same objects in the same order always get the same stems. */
  stem(object: unknown): string {
    const { kind, metadata } = (object ?? {}) as NamedObject;
    const parts = [kind ?? 'object', metadata?.namespace, metadata?.name ?? 'unnamed'].filter((p): p is string => Boolean(p));
    const base = shorten(sanitize(parts.join('-')));
    let stem = base;
    for (let n = 2; this.taken.has(stem); n++) stem = `${base}-${n}`;
    this.taken.add(stem);
    return stem;
  }
}

function sanitize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[.-]+/, '');
}

/** A stem too long for a tar header keeps its start and gets a digest of the whole. */
function shorten(stem: string): string {
  if (stem.length <= MAX_STEM) return stem;
  const digest = createHash('sha256').update(stem).digest('hex').slice(0, HASH_LENGTH);
  return `${stem.slice(0, MAX_STEM - HASH_LENGTH - 1)}-${digest}`;
}
