import { joinPath, Problem } from './problems';
import { Config, SparkApplicationConfig } from './schema';
import { unknownNameMessage } from './validate-schema';
import { findNamed } from './named';

/**
 * `${bucket:NAME}` in a SparkApplication's arguments, sparkConf and
 * hadoopConf values stands for the S3 name of config bucket NAME, so a job
 * names its buckets once, in `buckets[]`, and a Helm value changes them all.
 * Spark's own `${env:X}`-style references have other prefixes and are left
 * for Spark to resolve.
 */
const BUCKET_REFERENCE = /\$\{bucket:([^}]*)\}/g;
/** What every text holding a reference contains: most texts are passed over without a regular expression. */
const REFERENCE_START = '${bucket:';

/** `text` with every `${bucket:NAME}` replaced by that bucket's S3 name (config validated). */
export function resolveBucketReferences(config: Config, text: string): string {
  if (!text.includes(REFERENCE_START)) return text;
  return text.replace(BUCKET_REFERENCE, (_, name: string) => {
    const bucket = findNamed(config.buckets, name);
    if (!bucket) throw new Error(`bucket reference "${name}" was not validated`);
    return bucket.bucket;
  });
}

/**
 * The Spark strings that hold a reference, by config path: a path is spelled
 * only for those (a sparkConf of 100,000 entries holds a few at most).
 */
function referringStrings(app: SparkApplicationConfig, at: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  app.arguments.forEach((text, i) => text.includes(REFERENCE_START) && found.push([`${at}.arguments[${i}]`, text]));
  for (const [field, map] of [
    ['sparkConf', app.sparkConf],
    ['hadoopConf', app.hadoopConf],
  ] as const) {
    for (const key of Object.keys(map)) if (map[key].includes(REFERENCE_START)) found.push([joinPath(`${at}.${field}`, key), map[key]]);
  }
  return found;
}

/** A reference to a bucket that does not exist. */
export function bucketReferenceProblems(config: Config): Problem[] {
  const names = config.buckets.map((b) => b.name);
  const known = new Set(names);
  return config.sparkApplications.flatMap((app, i) =>
    referringStrings(app, `sparkApplications[${i}]`).flatMap(([path, text]) =>
      [...text.matchAll(BUCKET_REFERENCE)]
        .filter(([, name]) => !known.has(name))
        .map(([reference, name]) => ({ path, message: `${reference}: ${unknownNameMessage('bucket', name, names)}` })),
    ),
  );
}
