import type { FromSchema } from 'json-schema-to-ts';
import { environmentsSchema } from './environments-schema';
import { gitopsSchema } from './gitops-schema';
import {
  absolutePath,
  accountId,
  awsRegion,
  containerImage,
  fileOrUri,
  iamRoleArn,
  kubernetesName,
  labelMap,
  quantity,
  s3BucketName,
  s3Prefix,
  semver,
  sha256,
  sparkMemory,
  sseKmsKeyArn,
  stringMap,
  toleration,
} from './schema-parts';
import { nodeDaemonSetSettings } from '../approaches/node-daemonset/config/schema-node-daemonset';
import { nodePool } from '../approaches/node-userdata/config/schema-node-pool';
import { csiVolumeAttributes, podCsiSettings, teamVolumeHandles } from '../approaches/pod-csi/config/schema-pod-csi';
import { dns1035Label, INT32_MAX, sparkDynamicAllocation, sparkRestartPolicy, sparkSchedule, sparkUIOptions } from './schema-spark';

/** The mount approaches of the seed document, by config name. */
export const MOUNT_APPROACHES = ['node-daemonset', 'node-userdata', 'pod-csi'] as const;
export type MountApproach = (typeof MOUNT_APPROACHES)[number];

/**
 * The supported Kubernetes minor versions, oldest first: written only here.
 * `npm run vendor-schemas` vendors their API definitions, `check` checks
 * against them, and the Helm chart's kubeVersion starts at the first.
 */
export const KUBERNETES_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;

/** A host name as helm lint's URL and e-mail checks take it: dot-separated labels, a top-level domain of letters. */
const HOST_NAME = '([A-Za-z0-9]+(-[A-Za-z0-9]+)*\\.)+[A-Za-z]{2,63}';
/** Characters of a URL path, query or fragment, or a %-escape (Go's url.Parse refuses a malformed one). */
const URL_CHARACTER = "([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})";

/** Chart.yaml maintainers: what the config accepts, `helm lint --strict` accepts too. */
const maintainerEmail = {
  type: 'string',
  maxLength: 254,
  pattern: `^[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+)*@${HOST_NAME}$`,
  errorMessage: { pattern: 'must be an email address such as platform-team@example.com' },
} as const;
const maintainerUrl = {
  type: 'string',
  maxLength: 2083,
  pattern: `^https?://${HOST_NAME}(:[0-9]{1,5})?(/${URL_CHARACTER}*)?(\\?${URL_CHARACTER}*)?(#${URL_CHARACTER}*)?$`,
  errorMessage: { pattern: 'must be an http(s):// URL with a host name, e.g. https://example.com/team' },
} as const;

const sparkPod = {
  cores: { type: 'integer', minimum: 1, maximum: 1024, default: 1, description: 'CPU cores (spark.driver.cores, spark.executor.cores).' },
  coreLimit: { ...quantity, description: 'CPU limit of the pod, e.g. 1200m.' },
  memory: { ...sparkMemory, default: '2g', description: 'JVM heap, e.g. 4g.' },
  memoryOverhead: { ...sparkMemory, description: 'Off-heap memory added to the pod request.' },
  labels: { ...labelMap, default: {}, description: 'Extra pod labels.' },
} as const;

/**
 * The config file's JSON Schema: the single source of truth for what a config
 * may contain, its defaults (applied by ajv) and the `Config` type.
 */
export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mountpoint-s3-spark.dev/schemas/config/v1alpha1.json',
  title: 'mountpoint-s3-spark config',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'cluster', 'buckets', 'teams'],
  properties: {
    apiVersion: { const: 'mountpoint-s3-spark/v1alpha1', description: 'Version of this config format.' },
    kind: { const: 'Config', description: 'Always Config.' },
    chart: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Name and version of what is packaged (bundle labels, Helm chart).',
      properties: {
        name: {
          ...kubernetesName,
          default: 'mountpoint-s3-spark',
          description: 'The app.kubernetes.io/instance label and the Helm chart name.',
        },
        version: {
          ...semver,
          default: '0.1.0',
          description: 'The Helm chart version (the app.kubernetes.io/version label carries the Mountpoint version).',
        },
        description: {
          type: 'string',
          maxLength: 300,
          default: 'Spark dependency jars served from S3 through Mountpoint',
        },
        home: {
          type: 'string',
          pattern: '^https://[^\\s]+$',
          description: 'Project home page of the Helm chart (Chart.yaml home).',
          errorMessage: { pattern: 'must be an https:// URL' },
        },
        maintainers: {
          type: 'array',
          description: 'Helm chart maintainers (Chart.yaml maintainers).',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              email: { ...maintainerEmail, description: 'Checked as strictly as helm lint does (a domain with a top-level domain).' },
              url: { ...maintainerUrl, description: 'Checked as strictly as helm lint does (a host name, valid %-escapes).' },
            },
          },
        },
      },
    },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'region'],
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$', description: 'EKS cluster name.' },
        region: { ...awsRegion, description: 'AWS region of the cluster, and of every bucket that names none.' },
        kubernetesVersion: {
          enum: KUBERNETES_VERSIONS,
          default: '1.30',
          description: 'Kubernetes minor version the manifests target.',
          errorMessage: { enum: `must be one of ${KUBERNETES_VERSIONS.join(', ')}, as a quoted string ("1.30", not 1.30)` },
        },
      },
    },
    mountpoint: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The pinned Mountpoint for Amazon S3 release installed on nodes.',
      properties: {
        version: {
          ...semver,
          default: '1.23.0',
          description:
            'Mountpoint release to install; never latest, so nodes stay identical. pod-csi volumes use the Mountpoint bundled with the CSI driver instead.',
        },
        packageSource: {
          enum: ['release', 'al2023-repository'],
          default: 'release',
          description:
            "release: the signed rpm from releaseBaseUrl (Amazon Linux 2023 and 2). al2023-repository: the mount-s3 package of Amazon Linux 2023's own repository (since 2023.9.20251110), at this version; Amazon Linux 2 nodes refuse it.",
        },
        releaseBaseUrl: {
          description: 'Where <version>/<arch>/mount-s3-<version>-<arch>.rpm and its .asc signature are downloaded from.',
          type: 'string',
          pattern: '^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*$',
          default: 'https://s3.amazonaws.com/mountpoint-s3-release',
          errorMessage: { pattern: 'must be an https:// URL without a trailing "/"' },
        },
        gpgKeyUrl: {
          type: 'string',
          pattern: '^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*$',
          default: 'https://s3.amazonaws.com/mountpoint-s3-release/public_keys/KEYS',
          errorMessage: { pattern: 'must be an https:// URL' },
        },
        gpgFingerprint: {
          type: 'string',
          pattern: '^[A-F0-9]{40}$',
          default: '8AEFE705EBE329C0948C75A66F1C3B3AEF4B030B',
          description: 'Fingerprint of the key that must have signed the rpm.',
          errorMessage: { pattern: 'must be a full key fingerprint: 40 upper-case hex digits without spaces' },
        },
        sha256: {
          type: 'object',
          additionalProperties: false,
          required: ['x86_64', 'arm64'],
          description: 'Verify the rpm by these digests instead of its GPG signature.',
          properties: {
            x86_64: { ...sha256, description: 'sha256 of the x86_64 rpm.' },
            arm64: { ...sha256, description: 'sha256 of the arm64 rpm.' },
          },
        },
      },
    },
    nodeDaemonSet: nodeDaemonSetSettings,
    buckets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'bucket', 'mount'],
        properties: {
          name: { ...kubernetesName, description: 'How teams and applications refer to this bucket.' },
          bucket: { ...s3BucketName, description: 'S3 bucket name.' },
          prefix: { ...s3Prefix, description: 'Only keys under this prefix are visible; must end with "/".' },
          region: { ...awsRegion, description: 'Defaults to cluster.region.' },
          readOnly: { type: 'boolean', default: true, description: 'Mount read-only (--read-only); jars are only read.' },
          allowDelete: { type: 'boolean', default: false, description: 'Allow deleting objects (--allow-delete); needs readOnly: false.' },
          allowOverwrite: {
            type: 'boolean',
            default: false,
            description: 'Allow overwriting objects (--allow-overwrite); needs readOnly: false.',
          },
          kmsKeyArn: {
            ...sseKmsKeyArn,
            description:
              'SSE-KMS key ARN of the bucket (not an alias): kms:Decrypt in the IAM policies, and for writable mounts --sse aws:kms --sse-kms-key-id (Mountpoint applies them only to objects it writes).',
          },
          expectedBucketOwner: { ...accountId, description: 'Account the bucket must belong to (--expected-bucket-owner).' },
          mount: {
            type: 'object',
            additionalProperties: false,
            required: ['approach', 'path'],
            properties: {
              approach: { enum: MOUNT_APPROACHES },
              path: { ...absolutePath, description: 'Where the bucket appears on the node and in Spark pods.' },
              allowOther: { type: 'boolean', default: true, description: 'Spark runs as uid 185, not as the mounting user.' },
              uid: { type: 'integer', minimum: 1, maximum: 4294967294, description: 'Owner of the files (--uid; Mountpoint refuses 0).' },
              gid: { type: 'integer', minimum: 1, maximum: 4294967294, description: 'Group of the files (--gid; Mountpoint refuses 0).' },
              dirMode: { type: 'string', pattern: '^0[0-7]{3}$', errorMessage: { pattern: 'must be an octal mode such as 0755' } },
              fileMode: { type: 'string', pattern: '^0[0-7]{3}$', errorMessage: { pattern: 'must be an octal mode such as 0644' } },
              metadataTtl: {
                type: 'string',
                pattern: '^(indefinite|minimal|[1-9][0-9]{0,9})$',
                default: 'indefinite',
                description: 'Jars do not change once published, so cached metadata never expires by default.',
                errorMessage: {
                  pattern: 'must be a number of seconds (1 or more, at most 10 digits: Mountpoint deprecates 0), "indefinite" or "minimal"',
                },
              },
              cache: {
                type: 'object',
                additionalProperties: false,
                default: {},
                properties: {
                  enabled: { type: 'boolean', default: true },
                  directory: { ...absolutePath, description: 'Defaults to /var/cache/mountpoint-s3/<bucket name>.' },
                  maxSizeMiB: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 1073741824,
                    description:
                      'Size limit of the local cache (--max-cache-size). Default: none, so Mountpoint keeps 5% of the disk free; required for a pod-csi ephemeral cache volume.',
                  },
                },
              },
              csi: csiVolumeAttributes,
            },
          },
        },
      },
    },
    teams: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'buckets'],
        properties: {
          name: kubernetesName,
          namespace: { ...kubernetesName, description: 'Defaults to the team name.' },
          serviceAccount: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              name: {
                ...kubernetesName,
                default: 'spark',
                description: 'Service account of the Spark drivers; it may manage executor pods.',
              },
              executorName: {
                ...kubernetesName,
                default: 'spark-executor',
                description: 'Service account of the executors: same IAM role, no Kubernetes API rights (executors run user code).',
              },
              iamRoleArn: { ...iamRoleArn, description: 'Becomes the eks.amazonaws.com/role-arn annotation (IRSA).' },
              eksPodIdentity: {
                type: 'boolean',
                default: false,
                description:
                  'The role reaches the pods through an EKS Pod Identity association (made outside this bundle), not the IRSA annotation.',
              },
            },
          },
          buckets: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', description: 'Name of an entry of buckets[].' },
          },
          volumeHandles: teamVolumeHandles,
          nodeSelector: { ...labelMap, default: {}, description: "Labels of the nodes this team's Spark pods run on." },
          tolerations: { type: 'array', items: toleration, default: [] },
          nodePool: { type: 'string', description: 'Name of a nodePools[] entry: the Spark pods run on its nodes.' },
        },
      },
    },
    podCsi: podCsiSettings,
    nodePools: {
      type: 'array',
      default: [],
      description: 'Karpenter node pools.',
      items: nodePool,
    },
    gitops: gitopsSchema,
    sparkApplications: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'team', 'type', 'mainApplicationFile'],
        properties: {
          name: { ...dns1035Label, description: 'Name of the SparkApplication; the operator requires a DNS-1035 label.' },
          team: { type: 'string', description: 'Name of an entry of teams[].' },
          type: { enum: ['Java', 'Scala', 'Python', 'R'], description: 'Language of the main application file.' },
          mode: {
            const: 'cluster',
            default: 'cluster',
            description:
              'The driver runs in its own pod. Client mode is refused: the operator would run the driver inside its own controller pod.',
            errorMessage: {
              const:
                'must be "cluster": in client mode the Spark operator runs spark-submit inside its own pod and the driver pod is never created',
            },
          },
          sparkVersion: { ...semver, default: '3.5.3', description: 'Spark version of the image.' },
          image: { ...containerImage, default: 'apache/spark:3.5.3', description: 'Image of the driver and executor pods.' },
          imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'], default: 'IfNotPresent' },
          mainApplicationFile: {
            ...fileOrUri,
            description: 'Relative paths are files under the mount of deps.bucket.',
          },
          mainClass: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$.]*$', description: 'Entry class of Java and Scala applications.' },
          arguments: {
            type: 'array',
            items: { type: 'string' },
            default: [],
            description: 'Arguments passed to the main application; ${bucket:NAME} stands for the S3 name of bucket NAME.',
          },
          deps: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              bucket: { type: 'string', description: 'Bucket (of the team) the relative files below live in.' },
              jars: { type: 'array', items: fileOrUri, default: [], description: 'Jars on the driver and executor class path.' },
              files: { type: 'array', items: fileOrUri, default: [], description: 'Files placed in the working directory of each pod.' },
              pyFiles: { type: 'array', items: fileOrUri, default: [], description: 'Python files, zips or eggs on the PYTHONPATH.' },
            },
          },
          sparkConf: {
            ...stringMap,
            default: {},
            description:
              'Spark properties, passed unchanged (the class path entries are added); ${bucket:NAME} in a value stands for the S3 name of bucket NAME.',
          },
          hadoopConf: {
            ...stringMap,
            default: {},
            description:
              'Hadoop properties (spark.hadoop.* without the prefix); ${bucket:NAME} in a value stands for the S3 name of bucket NAME.',
          },
          driver: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: { ...sparkPod, coreLimit: { ...sparkPod.coreLimit, default: '1200m' } },
          },
          executor: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              ...sparkPod,
              instances: { type: 'integer', minimum: 1, maximum: 100000, default: 2, description: 'Number of executors.' },
            },
          },
          timeToLiveSeconds: {
            type: 'integer',
            minimum: 0,
            maximum: INT32_MAX,
            description: 'Delete the application this long after it ends.',
          },
          restartPolicy: sparkRestartPolicy,
          dynamicAllocation: sparkDynamicAllocation,
          sparkUIOptions: sparkUIOptions,
          schedule: sparkSchedule,
        },
      },
    },
    environments: environmentsSchema,
  },
} as const;

/** A validated config with every schema default applied. */
export type Config = FromSchema<typeof configSchema>;
export type BucketConfig = Config['buckets'][number];
export type TeamConfig = Config['teams'][number];
export type SparkApplicationConfig = Config['sparkApplications'][number];
export type GitOpsConfig = NonNullable<Config['gitops']>;
export type NodePoolConfig = Config['nodePools'][number];
