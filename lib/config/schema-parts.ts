/**
 * Reusable pieces of the config JSON Schema. Patterns are written for both ajv
 * and Go's RE2 (no look-arounds) because the Helm chart's values.schema.json is
 * derived from the same schema and Helm validates with a Go library.
 *
 * `errorMessage` (as ajv-errors defines it; applied in validate-schema.ts) replaces ajv's generic "must match pattern" with
 * a sentence a platform engineer can act on; other validators ignore it.
 */

/** A path segment of characters S3 documents as safe, minus quotes and globs. */
const SAFE_SEGMENT = '[A-Za-z0-9!_.()=-]+';
const DOT_SEGMENT = '(^|/)\\.\\.?(/|$)';

/** DNS-1123 label: what Kubernetes accepts for namespaces and most object names. */
export const kubernetesName = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  errorMessage: {
    pattern: 'must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit',
    maxLength: 'must be at most 63 characters (a Kubernetes name)',
  },
} as const;

/** DNS-1123 subdomain: names of cluster-scoped objects such as PersistentVolumes. */
export const kubernetesSubdomain = {
  type: 'string',
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  errorMessage: {
    pattern:
      'must be a Kubernetes subdomain name: lower-case letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
    maxLength: 'must be at most 253 characters',
  },
} as const;

/**
 * S3's general-purpose bucket naming rules. Each rule is its own subschema so
 * the error says which one was broken.
 */
export const s3BucketName = {
  type: 'string',
  allOf: [
    {
      minLength: 3,
      maxLength: 63,
      errorMessage: 'an S3 bucket name must be 3 to 63 characters long',
    },
    {
      pattern: '^[a-z0-9][a-z0-9.-]*[a-z0-9]$',
      errorMessage:
        'an S3 bucket name may contain only lower-case letters, digits, "." and "-", and must start and end with a letter or digit',
    },
    { not: { pattern: '\\.\\.' }, errorMessage: 'an S3 bucket name must not contain two adjacent periods' },
    { not: { pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$' }, errorMessage: 'an S3 bucket name must not look like an IP address' },
    {
      not: { pattern: '^(xn--|sthree-|amzn-s3-demo-)' },
      errorMessage: 'an S3 bucket name must not start with "xn--", "sthree-" or "amzn-s3-demo-"',
    },
    {
      not: { pattern: '(-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$' },
      errorMessage: 'an S3 bucket name must not end with "-s3alias", "--ol-s3", ".mrap", "--x-s3" or "--table-s3"',
    },
  ],
} as const;

/**
 * Characters S3 documents as safe in keys, without quotes, spaces, `$`, `\`
 * or glob characters: the prefix ends up in shell scripts and mount options.
 */
export const s3Prefix = {
  type: 'string',
  allOf: [
    { pattern: '/$', errorMessage: 'a prefix must end with "/"' },
    {
      pattern: `^(${SAFE_SEGMENT}/)*${SAFE_SEGMENT}/?$`,
      errorMessage: 'a prefix may contain only letters, digits, "/", "!", "_", ".", "(", ")", "=" and "-", with no empty path segment',
    },
  ],
} as const;

/** Absolute path whose characters are safe in shell scripts, fstab and YAML. */
export const absolutePath = {
  type: 'string',
  allOf: [
    { pattern: '^/', errorMessage: 'must be an absolute path (starting with "/")' },
    {
      pattern: '^(/[A-Za-z0-9_.-]+)+$',
      errorMessage: 'a path may contain only letters, digits, "_", "." and "-" between single "/" separators, and must not end with "/"',
    },
    { not: { pattern: DOT_SEGMENT }, errorMessage: 'a path must not contain "." or ".." segments' },
    // Longer names make mkdir on the node fail ("File name too long") after synth succeeded.
    { not: { pattern: '[^/]{256}' }, errorMessage: 'a path segment must be at most 255 characters (Linux NAME_MAX)' },
    { maxLength: 4095, errorMessage: 'a path must be at most 4095 characters (Linux PATH_MAX)' },
  ],
} as const;

/**
 * A file relative to a bucket mount (`jars/a.jar` → `<mount path>/jars/a.jar`),
 * or a URI Spark reads directly. Both end up in Spark arguments and YAML, so
 * quotes, spaces, `$` and `\` are refused.
 */
export const fileOrUri = {
  type: 'string',
  anyOf: [
    { pattern: '^(local|s3a|s3|https?|file)://[^\\s\'"`$\\\\]+$' },
    { allOf: [{ pattern: `^(${SAFE_SEGMENT}/)*${SAFE_SEGMENT}$` }, { not: { pattern: DOT_SEGMENT } }] },
  ],
  errorMessage:
    'must be a path relative to the bucket mount (letters, digits, "/", "!", "_", ".", "(", ")", "=", "-"; no "." or ".." segments) or a URI (local://, s3a://, s3://, http(s)://, file://) without spaces, quotes, "$" or "\\"',
} as const;

export const awsRegion = {
  type: 'string',
  pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$',
  errorMessage: { pattern: 'must be an AWS region such as us-west-2' },
} as const;

export const iamRoleArn = {
  type: 'string',
  pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$',
  errorMessage: { pattern: 'must be an IAM role ARN such as arn:aws:iam::111122223333:role/spark-team-a' },
} as const;

export const kmsKeyArn = {
  type: 'string',
  pattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$',
  errorMessage: { pattern: 'must be a KMS key or alias ARN such as arn:aws:kms:us-west-2:111122223333:key/…' },
} as const;

/**
 * The KMS key Mountpoint encrypts new objects with (`--sse-kms-key-id`):
 * Mountpoint 1.23 accepts only a key ARN and refuses alias ARNs.
 */
export const sseKmsKeyArn = {
  type: 'string',
  allOf: [
    {
      not: { pattern: ':alias/' },
      errorMessage:
        'is an alias ARN, which Mountpoint refuses for --sse-kms-key-id: give the key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID) the alias points to',
    },
    {
      // Aliases pass here so that only the sentence above is reported for one.
      pattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$',
      errorMessage: 'must be a KMS key ARN such as arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
  ],
} as const;

export const accountId = {
  type: 'string',
  pattern: '^[0-9]{12}$',
  errorMessage: { pattern: 'must be a 12-digit AWS account ID' },
} as const;

export const semver = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
  errorMessage: { pattern: 'must be a semantic version such as 1.2.3' },
} as const;

export const sha256 = {
  type: 'string',
  pattern: '^[a-f0-9]{64}$',
  errorMessage: { pattern: 'must be a SHA-256 digest: 64 lower-case hex digits' },
} as const;

/** Container image reference: registry/repository[:tag][@digest]. */
export const containerImage = {
  type: 'string',
  pattern: '^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$',
  errorMessage: { pattern: 'must be a container image reference such as public.ecr.aws/repo/image:1.2.3' },
} as const;

/** Kubernetes resource quantity (cpu or memory). */
export const quantity = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$',
  errorMessage: { pattern: 'must be a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi' },
} as const;

/** JVM memory string as Spark reads it (`spark.driver.memory`). */
export const sparkMemory = {
  type: 'string',
  pattern: '^[0-9]+[kmgt]$',
  errorMessage: { pattern: 'must be a Spark memory size such as 512m or 4g' },
} as const;

/**
 * Map keys JavaScript tools treat specially: cdk8s drops `__proto__` and
 * fails on `constructor` while rendering. Every map of the config refuses
 * them with a clear message instead.
 */
export const RESERVED_KEYS = ['__proto__', 'constructor'] as const;
export const notReservedKey = { not: { enum: RESERVED_KEYS } } as const;

/** Label keys and values: prefix/name, 63-character name, RE2-friendly. */
export const labelMap = {
  type: 'object',
  propertyNames: {
    ...notReservedKey,
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
    maxLength: 316,
  },
  additionalProperties: {
    type: 'string',
    pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$',
    errorMessage: { pattern: 'must be a Kubernetes label value: at most 63 letters, digits, "-", "_" or "."' },
  },
} as const;

export const toleration = {
  type: 'object',
  additionalProperties: false,
  required: ['key'],
  properties: {
    key: { type: 'string', minLength: 1 },
    operator: { enum: ['Equal', 'Exists'], default: 'Exists' },
    value: { type: 'string' },
    effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  },
} as const;

/** A map whose values are passed to Spark unchanged (sparkConf, hadoopConf). */
export const stringMap = {
  type: 'object',
  propertyNames: { ...notReservedKey, pattern: '^[A-Za-z0-9._-]+$' },
  additionalProperties: { type: 'string' },
} as const;

/** Requests and limits of a container. */
export const resources = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requests: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cpu: { ...quantity, description: 'CPU the scheduler reserves for the container.' },
        memory: { ...quantity, description: 'Memory the scheduler reserves for the container.' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cpu: { ...quantity, description: 'CPU the container may use at most.' },
        memory: { ...quantity, description: 'Memory the container may use at most.' },
      },
    },
  },
} as const;
