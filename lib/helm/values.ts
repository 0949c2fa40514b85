import { joinPath } from '../config/problems';
import { Config, configSchema } from '../config/schema';

/** The part of a JSON Schema this module reads; everything else is carried along untouched. */
export interface JsonSchema {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly [keyword: string]: unknown;
}

/**
 * The config fields that become Helm values: the per-environment scalars a
 * user changes between dev and prod. `[]` walks a list whose items have a
 * `name`; in the values, the list becomes a map keyed by that name, so
 * `buckets[].bucket` is `buckets.<name>.bucket` (`--set buckets.jars.bucket=…`).
 *
 * A new approach's settings become values by adding their config paths here:
 * every object built from the config is parameterized the same way, whatever
 * it is (a PersistentVolume's `bucketName` or `mountOptions`, an EC2NodeClass
 * `userData`, a NodePool's `limits`). Only string and integer fields qualify.
 * Fields absent from a config, and fields no object uses, give no value.
 */
export const CHART_VALUE_FIELDS: readonly string[] = [
  'cluster.region',
  'mountpoint.version',
  'mountpoint.releaseBaseUrl',
  'mountpoint.sha256.x86_64',
  'mountpoint.sha256.arm64',
  'nodeDaemonSet.image',
  'nodeDaemonSet.checkIntervalSeconds',
  'nodeDaemonSet.priorityClassName',
  'nodeDaemonSet.resources.requests.cpu',
  'nodeDaemonSet.resources.requests.memory',
  'nodeDaemonSet.resources.limits.cpu',
  'nodeDaemonSet.resources.limits.memory',
  'buckets[].bucket',
  'buckets[].prefix',
  'buckets[].region',
  'buckets[].kmsKeyArn',
  'buckets[].expectedBucketOwner',
  'buckets[].mount.path',
  'buckets[].mount.metadataTtl',
  'buckets[].mount.cache.directory',
  'buckets[].mount.cache.maxSizeMiB',
  'teams[].serviceAccount.iamRoleArn',
  'sparkApplications[].image',
  'sparkApplications[].sparkVersion',
  'sparkApplications[].driver.cores',
  'sparkApplications[].driver.coreLimit',
  'sparkApplications[].driver.memory',
  'sparkApplications[].driver.memoryOverhead',
  'sparkApplications[].executor.cores',
  'sparkApplications[].executor.coreLimit',
  'sparkApplications[].executor.memory',
  'sparkApplications[].executor.memoryOverhead',
  'sparkApplications[].executor.instances',
];

/** One config field of one config, as a Helm value. */
export interface ChartValue {
  /** Where it is in the config, e.g. `buckets[0].bucket`. */
  readonly configPath: string;
  /** Property names and list indexes leading to it in the config. */
  readonly location: ReadonlyArray<string | number>;
  /** Where it is in the values, e.g. `['buckets', 'jars', 'bucket']`. */
  readonly key: readonly string[];
  readonly value: string | number;
  readonly type: 'string' | 'integer';
  /** The config schema of the field: what Helm validates the value against. */
  readonly schema: JsonSchema;
}

/** The Helm values of a validated config, in `CHART_VALUE_FIELDS` order. */
export function chartValues(config: Config): ChartValue[] {
  const values: ChartValue[] = [];
  for (const field of CHART_VALUE_FIELDS)
    expand(config, configSchema, field.split('.'), 0, { configPath: '', location: [], key: [] }, values);
  return values;
}

/**
 * Where `expand` is: a path in the config, grown and shrunk as it goes (a
 * value copies the arrays, so nothing is made per level that a value does
 * not keep: at 10,000 teams some 139,000 values).
 */
interface Position {
  configPath: string;
  readonly location: Array<string | number>;
  readonly key: string[];
}

/** Adds to `into` the values at `segments` from the `depth`-th on, below `node` (at `at`). */
function expand(node: unknown, schema: JsonSchema, segments: readonly string[], depth: number, at: Position, into: ChartValue[]): void {
  if (depth === segments.length) {
    if (typeof node === 'string' || typeof node === 'number')
      into.push({
        configPath: at.configPath,
        location: at.location.slice(),
        key: at.key.slice(),
        value: node,
        type: schema.type === 'integer' ? 'integer' : 'string',
        schema,
      });
    return;
  }
  const segment = segments[depth];
  const list = segment.endsWith('[]');
  const field = list ? segment.slice(0, -2) : segment;
  const child = (node as Record<string, unknown> | undefined)?.[field];
  const childSchema = schema.properties?.[field];
  if (!childSchema) throw new Error(`chart value field "${segments.slice(depth).join('.')}" is not in the config schema`);
  if (child === undefined) return;
  const parentPath = at.configPath;
  at.configPath = joinPath(parentPath, field);
  at.location.push(field);
  at.key.push(field);
  if (!list) expand(child, childSchema, segments, depth + 1, at, into);
  else {
    const itemSchema = childSchema.items;
    if (!Array.isArray(child) || !itemSchema) throw new Error(`chart value field "${field}[]" is not a list`);
    const listPath = at.configPath;
    (child as Array<{ name: string }>).forEach((item, index) => {
      at.configPath = joinPath(listPath, index);
      at.location.push(index);
      at.key.push(item.name);
      expand(item, itemSchema, segments, depth + 1, at, into);
      at.location.pop();
      at.key.pop();
    });
  }
  at.configPath = parentPath;
  at.location.pop();
  at.key.pop();
}
