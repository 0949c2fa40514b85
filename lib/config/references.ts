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

/** `text` with every `${bucket:NAME}` replaced by that bucket's S3 name (config validated). */
export function resolveBucketReferences(config: Config, text: string): string {
  if (!text.includes('${bucket:')) return text; // most texts: no regular expression run
  return text.replace(BUCKET_REFERENCE, (_, name: string) => {
    const bucket = findNamed(config.buckets, name);
    if (!bucket) throw new Error(`bucket reference "${name}" was not validated`);
    return bucket.bucket;
  });
}

/** The Spark strings that may hold references, by config path. */
function referringStrings(app: SparkApplicationConfig, at: string): Array<[string, string]> {
  return [
    ...app.arguments.map((text, i): [string, string] => [`${at}.arguments[${i}]`, text]),
    ...Object.entries(app.sparkConf).map(([key, text]): [string, string] => [joinPath(`${at}.sparkConf`, key), text]),
    ...Object.entries(app.hadoopConf).map(([key, text]): [string, string] => [joinPath(`${at}.hadoopConf`, key), text]),
  ];
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
