/**
 * The `nodePools[]` entry of the config schema: one Karpenter v1 NodePool and
 * the EC2NodeClass it launches nodes from. Field names follow the Karpenter
 * fields they become. What the CRDs' CEL rules forbid and a JSON Schema cannot
 * say (restricted label domains, "exactly one of" pairs) is refused by
 * `node-pool-rules.ts` with the same paths.
 */
import { kmsKeyArn, kubernetesName, labelMap, notReservedKey, quantity } from '../../../config/schema-parts';

/** A qualified Kubernetes key (`prefix/name`): label, taint and requirement keys. */
const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const LABEL_VALUE = '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$';

const labelKey = {
  type: 'string',
  maxLength: 316,
  pattern: LABEL_KEY,
  errorMessage: { pattern: 'must be a Kubernetes label key such as example.com/name', maxLength: 'must be at most 316 characters' },
} as const;

const labelValue = {
  type: 'string',
  pattern: LABEL_VALUE,
  errorMessage: { pattern: 'must be a Kubernetes label value: at most 63 letters, digits, "-", "_" or "."' },
} as const;

/** Karpenter durations: `720h`, `1h30m`, or `Never`. */
const duration = {
  type: 'string',
  pattern: '^(([0-9]+(s|m|h))+|Never)$',
  errorMessage: { pattern: 'must be a duration such as 30s, 10m, 720h or 1h30m, or "Never"' },
} as const;

/** A list that becomes an `In` requirement: at least one value (Karpenter refuses `In` without values). */
function inValues(pattern: string, example: string) {
  return {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', pattern, errorMessage: { pattern: `must look like ${example}` } },
  } as const;
}

/** EC2 tags: non-empty keys and values (the CRD refuses empty ones). */
const tagMap = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { ...notReservedKey, minLength: 1, maxLength: 128 },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 256 },
} as const;

/** How a selector term picks by ID; the rules check that each term picks one way only. */
function selectorId(pattern: string) {
  return { type: 'string', pattern, errorMessage: { pattern: `must be an ID matching ${pattern}` } } as const;
}

const subnetSelectorTerm = {
  type: 'object',
  additionalProperties: false,
  properties: { tags: tagMap, id: selectorId('^subnet-[0-9a-z]+$') },
} as const;

const securityGroupSelectorTerm = {
  type: 'object',
  additionalProperties: false,
  properties: { tags: tagMap, id: selectorId('^sg-[0-9a-z]+$'), name: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

export const taint = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'effect'],
  properties: {
    key: labelKey,
    value: labelValue,
    effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  },
} as const;

const ec2NodeClass = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The EC2NodeClass (karpenter.k8s.aws/v1) of the pool, named after it.',
  properties: {
    amiAlias: {
      type: 'string',
      pattern: '^(al2023|al2)@(latest|v[0-9]{8})$',
      description: 'Amazon Linux AMI alias, "latest" or pinned (al2023@v20250505). Default al2023@latest unless amiId is set.',
      errorMessage: {
        pattern: 'must be an Amazon Linux alias such as al2023@latest or al2023@v20250505 (the node script needs Amazon Linux 2023 or 2)',
      },
    },
    amiId: {
      type: 'string',
      pattern: '^ami-[0-9a-f]{8,17}$',
      errorMessage: { pattern: 'must be an AMI ID such as ami-0123456789abcdef0' },
    },
    amiFamily: { enum: ['AL2023', 'AL2'], description: 'Required with amiId: how Karpenter bootstraps that AMI.' },
    role: {
      type: 'string',
      pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$',
      description: 'Node IAM role name (Karpenter creates the instance profile). Exactly one of role or instanceProfile.',
      errorMessage: { pattern: 'must be an IAM role name (not an ARN): up to 64 letters, digits and +=,.@_-' },
    },
    instanceProfile: {
      type: 'string',
      pattern: '^[A-Za-z0-9+=,.@_-]{1,128}$',
      errorMessage: { pattern: 'must be an instance profile name: up to 128 letters, digits and +=,.@_-' },
    },
    subnetSelectorTerms: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      items: subnetSelectorTerm,
      description: 'Default: subnets tagged karpenter.sh/discovery: <cluster.name>.',
    },
    securityGroupSelectorTerms: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      items: securityGroupSelectorTerm,
      description: 'Default: security groups tagged karpenter.sh/discovery: <cluster.name>.',
    },
    rootVolume: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The root EBS volume; always encrypted.',
      properties: {
        sizeGiB: { type: 'integer', minimum: 8, maximum: 16384, default: 100 },
        volumeType: { enum: ['gp3', 'gp2', 'io1', 'io2'], default: 'gp3' },
        iops: { type: 'integer', minimum: 100, maximum: 256000 },
        throughput: { type: 'integer', minimum: 125, maximum: 4000 },
        kmsKeyArn: { ...kmsKeyArn, description: "Default: the account's EBS default key." },
      },
    },
    tags: { ...tagMap, maxProperties: 50, default: {}, description: 'EC2 tags of the instances and their volumes.' },
  },
} as const;

export const nodePool = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...kubernetesName, description: 'NodePool and EC2NodeClass name; teams refer to it.' },
    architectures: { ...inValues('^(amd64|arm64)$', 'amd64 or arm64'), default: ['amd64'] },
    capacityTypes: { ...inValues('^(spot|on-demand)$', 'spot or on-demand'), default: ['on-demand'] },
    instanceCategories: { ...inValues('^[a-z]+$', 'c, m or r'), description: 'karpenter.k8s.aws/instance-category' },
    instanceFamilies: { ...inValues('^[a-z][a-z0-9-]*$', 'm7g or c6i'), description: 'karpenter.k8s.aws/instance-family' },
    instanceSizes: { ...inValues('^[a-z0-9-]+$', 'xlarge or 2xlarge'), description: 'karpenter.k8s.aws/instance-size' },
    requirements: {
      type: 'array',
      default: [],
      maxItems: 90,
      description: 'More NodePool requirements, passed through after the ones above.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: labelKey,
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', 'Gte', 'Lte'] },
          values: { type: 'array', items: labelValue },
          minValues: { type: 'integer', minimum: 1, maximum: 50 },
        },
      },
    },
    labels: { ...labelMap, default: {}, description: "Labels of the nodes; the team's Spark pods select them." },
    taints: {
      type: 'array',
      items: taint,
      description: "Default: spark.mountpoint-s3/pool=<name>:NoSchedule, so only Spark pods of the pool's teams land there.",
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { cpu: quantity, memory: quantity },
      description: 'Most CPU and memory the pool may launch.',
    },
    disruption: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        consolidationPolicy: {
          enum: ['WhenEmpty', 'WhenEmptyOrUnderutilized'],
          default: 'WhenEmpty',
          description: 'WhenEmpty: consolidating an under-used node would kill running executors and their shuffle data.',
        },
        consolidateAfter: { ...duration, default: '5m' },
        budgets: {
          type: 'array',
          maxItems: 50,
          default: [{ nodes: '10%' }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['nodes'],
            properties: {
              nodes: {
                type: 'string',
                pattern: '^((100|[0-9]{1,2})%|[0-9]+)$',
                errorMessage: { pattern: 'must be a node count such as 1 or a percentage such as 10%' },
              },
              schedule: {
                type: 'string',
                pattern: '^(@(annually|yearly|monthly|weekly|daily|midnight|hourly)|[^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+)$',
                errorMessage: { pattern: 'must be a cron schedule of five fields such as "0 9 * * mon-fri", or a macro such as @daily' },
              },
              duration: {
                type: 'string',
                pattern: '^(([0-9]+(h|m))|([0-9]+h[0-9]+m))$',
                errorMessage: { pattern: 'must be hours and minutes such as 8h, 30m or 1h30m' },
              },
              reasons: { type: 'array', uniqueItems: true, items: { enum: ['Underutilized', 'Empty', 'Drifted'] } },
            },
          },
        },
      },
    },
    expireAfter: { ...duration, default: '720h' },
    weight: { type: 'integer', minimum: 1, maximum: 100 },
    buckets: {
      type: 'array',
      uniqueItems: true,
      default: [],
      items: { type: 'string', description: 'Name of a buckets[] entry with mount.approach node-userdata.' },
      description: 'node-userdata buckets every node of this pool mounts at boot.',
    },
    ec2NodeClass,
  },
} as const;
