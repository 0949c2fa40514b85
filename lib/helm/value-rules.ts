import { isNodeLevel } from '../approaches/registry';
import { SHARED_PARENTS, SYSTEM_TREES } from '../config/host-path-rules';
import { MAX_METADATA_TTL_SECONDS } from '../config/rules';
import { Config } from '../config/schema';
import { MIN_SPARK_VERSION_FOR_POD_TEMPLATES } from '../spark/operator-facts';
import { checkName } from './value-checks';
import { ChartValue, JsonSchema } from './values';

/**
 * Rules of the config (lib/config) that a single value can break, written as
 * JSON Schema and added to that value's schema, so that values.schema.json and
 * the render-time checks (`value-checks.ts`) refuse such a value too: a value
 * must not take a chart where its config could not go.
 *
 * Rules spanning several values (overlapping mounts, mounts over caches,
 * caches on a pool's root volume) are not checked for values.
 */
const escape = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A node's system directories and what is below them, and the shared parents themselves (`host-path-rules.ts`). */
const NOT_A_SYSTEM_PATH: JsonSchema = {
  not: { pattern: `^(${SYSTEM_TREES.map(escape).join('|')})(/.*)?$|^(${SHARED_PARENTS.map(escape).join('|')})$` },
  errorMessage:
    'must not be a system directory or inside one, nor a shared directory such as /mnt itself: choose a directory of its own, such as /mnt/s3/NAME',
};

/** A Spark major version older than the first the operator gives pod templates (and so the S3 mounts) to (`spark-rules.ts`). */
const MIN_SPARK_MAJOR = Number(MIN_SPARK_VERSION_FOR_POD_TEMPLATES.split('.')[0]);
const SPARK_WITH_POD_TEMPLATES: JsonSchema = {
  not: { pattern: `^(${Array.from({ length: MIN_SPARK_MAJOR }, (_, major) => major).join('|')})\\.` },
  errorMessage: `must be ${MIN_SPARK_VERSION_FOR_POD_TEMPLATES} or later: the S3 mounts are in pod templates, which the operator refuses for older Spark`,
};

/**
 * A pattern of the decimal numbers (leading zeros allowed) above `limit`:
 * longer ones, or as long with a greater digit after a common start.
 */
export function numbersAbove(limit: number): string {
  const digits = String(limit);
  const longer = `[1-9][0-9]{${digits.length},}`;
  const asLong = [...digits].flatMap((digit, i) =>
    digit === '9' ? [] : [`${digits.slice(0, i)}[${Number(digit) + 1}-9][0-9]{${digits.length - i - 1}}`],
  );
  return `^0*(${[longer, ...asLong].join('|')})$`;
}

/** Mountpoint's longest metadata TTL (`rules.ts`), for a TTL written as a string or an integer. */
const METADATA_TTL_RANGE: JsonSchema = {
  // type: an integer TTL is the maximum's; without it, "not" would refuse every integer.
  not: { type: 'string', pattern: numbersAbove(MAX_METADATA_TTL_SECONDS) },
  maximum: MAX_METADATA_TTL_SECONDS,
  errorMessage: `Mountpoint accepts at most ${MAX_METADATA_TTL_SECONDS} seconds (100 years); use "indefinite"`,
};

/** Per field (see `checkName`): whether the rule applies to a value of that field in this config. */
const RULES: Readonly<Record<string, { schema: JsonSchema; applies: (config: Config, value: ChartValue) => boolean }>> = {
  'buckets.mount.path': { schema: NOT_A_SYSTEM_PATH, applies: () => true },
  'buckets.mount.metadataTtl': { schema: METADATA_TTL_RANGE, applies: () => true },
  'sparkApplications.sparkVersion': { schema: SPARK_WITH_POD_TEMPLATES, applies: () => true },
  // The config places only node-level caches on the node (`systemPaths` in host-path-rules.ts).
  'buckets.mount.cache.directory': {
    schema: NOT_A_SYSTEM_PATH,
    applies: (config, value) => isNodeLevel(config.buckets[value.location[1] as number]),
  },
};

/** A field's schema with its rule added, made once per schema: values of one field share it (values.schema.json writes it once). */
const withRule = new WeakMap<JsonSchema, JsonSchema>();

/** `value` with the config rules of its field added to its schema. */
export function withConfigRules(config: Config, value: ChartValue): ChartValue {
  const rule = RULES[checkName(value)];
  if (!rule?.applies(config, value)) return value;
  let schema = withRule.get(value.schema);
  if (schema === undefined) {
    const allOf = (value.schema.allOf as JsonSchema[] | undefined) ?? [];
    schema = { ...value.schema, allOf: [...allOf, rule.schema] };
    withRule.set(value.schema, schema);
  }
  return { ...value, schema };
}
