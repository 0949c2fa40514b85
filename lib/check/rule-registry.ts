import { UsageError } from '../errors';
import type { Severity } from './types';

/** Where in `check`'s pipeline a rule runs. */
export type CheckStep = 'schema' | 'cel' | 'api-server' | 'wiring' | 'kubeconform';

export interface RuleInfo {
  readonly step: CheckStep;
  /** The severity of its findings; see `outsideSet` for reference rules. */
  readonly severity: Severity;
  /**
   * Its findings about objects that are not in the checked set are warnings
   * ("make sure it exists in the cluster"), errors under `--strict-references`.
   * Findings about objects that are in the set keep `severity`.
   */
  readonly outsideSet?: true;
  /** One line: what it refuses. */
  readonly summary: string;
  /** Why, and how to fix it: the paragraph of docs/check-rules.md. */
  readonly detail: string;
  /**
   * Why no manifest of test/check/corpus can show it (every other rule needs
   * one, the corpus test derives its list from here).
   */
  readonly noCorpusExample?: string;
}

/**
 * Every rule `check` reports, by id: the ids findings carry, `--list-rules`
 * prints, `--skip-rules` takes and docs/check-rules.md documents. A finding
 * with an id missing here does not compile.
 */
export const RULES = {
  'schema/kind': {
    step: 'schema',
    severity: 'error',
    summary: 'an object without apiVersion and kind',
    detail: 'Every document must be a Kubernetes object with string `apiVersion` and `kind`; nothing else is checked for it.',
  },
  'schema/missing': {
    step: 'schema',
    severity: 'error',
    summary: 'a kind without a schema for the Kubernetes version',
    detail:
      'Neither the vendored schemas nor a `--schema-location` has a schema for the apiVersion and kind, so nothing about the object can be checked. ' +
      'Add its CRD schema with `--schema-location`, or pass `--ignore-missing-schemas` to skip such objects (as kubeconform does).',
  },
  'schema/skipped': {
    step: 'schema',
    severity: 'info',
    summary: 'an object that is not checked (kustomize files, `--skip`, `--ignore-missing-schemas`)',
    detail:
      'Counted as skipped in the summary. kustomize’s own `Kustomization` and `Component` files are build instructions, never sent to the API server.',
    noCorpusExample: 'informational: counted as skipped, never reported as a line',
  },
  'schema/rejected': {
    step: 'schema',
    severity: 'error',
    summary: 'an object of a kind refused by `--reject`',
    detail: 'kubeconform’s `-reject`: the kind (or `apiVersion/kind`) must not appear in the checked manifests at all.',
  },
  'schema/additionalProperties': {
    step: 'schema',
    severity: 'error',
    summary: 'a field the schema does not know',
    detail:
      'The strict schemas refuse unknown fields, as `kubectl apply --validate=strict` and `kubeconform -strict` do; usually a typo or a field at the wrong level.',
  },
  'schema/required': {
    step: 'schema',
    severity: 'error',
    summary: 'a required field is missing',
    detail: 'The schema of the kind requires the field.',
  },
  'schema/type': {
    step: 'schema',
    severity: 'error',
    summary: 'a value of the wrong type',
    detail:
      'For example a number where a string is expected: quote it (`"3.5"`). Values are read as kubectl reads YAML, so `0755` is the number 493 (see `yaml11-scalar`).',
  },
  'schema/enum': {
    step: 'schema',
    severity: 'error',
    summary: 'a value outside the allowed set',
    detail: 'The message lists the allowed values.',
  },
  'schema/constraint': {
    step: 'schema',
    severity: 'error',
    summary: 'a value that breaks a pattern, format, length, size or count limit of the schema',
    detail:
      'Any other JSON-schema constraint (`pattern`, `format`, `minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems`, `oneOf`, …); the message names it.',
  },
  cel: {
    step: 'cel',
    severity: 'error',
    summary: 'a CRD validation rule (`x-kubernetes-validations`) fails',
    detail:
      'The CEL rules of the vendored CRDs (and of `--schema-location` schemas that carry them) are evaluated as the API server evaluates them on create.',
  },
  'cel/skipped': {
    step: 'cel',
    severity: 'info',
    summary: 'a CEL transition rule, which needs the stored object',
    detail:
      'Rules that read `oldSelf` compare an update with the stored object and cannot be checked offline; they are counted in the summary.',
    noCorpusExample: 'informational: counted, never reported as a line',
  },
  'cel/not-evaluated': {
    step: 'cel',
    severity: 'warning',
    summary: 'a CEL rule the offline engine cannot evaluate',
    detail:
      'Reported rather than counted as passed. Every rule of the vendored CRDs is evaluated; this can only come from a schema added with `--schema-location`.',
    noCorpusExample: 'every rule of the vendored CRDs evaluates',
  },
  'name-syntax': {
    step: 'api-server',
    severity: 'error',
    summary: 'a name the API server refuses (DNS-1123 names, label names for Namespaces and Services, container and volume names)',
    detail:
      'Object names are DNS-1123 subdomains (at most 253 characters: lowercase letters, digits, `-` and `.`), Namespace and Service names, container and volume names DNS-1123 labels (at most 63, no `.`).',
  },
  'label-syntax': {
    step: 'api-server',
    severity: 'error',
    summary: 'a label key, label value or annotation key the API server refuses',
    detail:
      'Keys are an optional DNS-subdomain prefix and `/` and a name of at most 63 characters; values at most 63 characters of `[A-Za-z0-9._-]`, starting and ending alphanumeric.',
  },
  'configmap-key': {
    step: 'api-server',
    severity: 'error',
    summary: 'a ConfigMap key that is not a valid file name, or in both data and binaryData',
    detail: 'Keys become file names in volumes: `[-._a-zA-Z0-9]+`, not `.` or `..`, at most 253 characters.',
  },
  'configmap-size': {
    step: 'api-server',
    severity: 'error',
    summary: 'a ConfigMap whose data is over 1 MiB',
    detail:
      'The API server refuses ConfigMaps whose `data` and `binaryData` values (binaryData decoded) together exceed 1 MiB; keys are not counted.',
  },
  'integer-range': {
    step: 'api-server',
    severity: 'error',
    summary: 'an integer wider than its field’s format (int32, int64)',
    detail:
      'The schemas give integer fields a `format` of the Go type behind them; kubeconform ignores it. The API server decodes a built-in object into those Go types and refuses a number that does not fit (`replicas: 4294967296`, or `maxSurge: 4294967296`: an int-or-string holds a Go int32). A custom resource it stores unchecked (kube-openapi validates string formats only), but its controller decodes it into the same Go types and cannot read it — nor the list it is in (a SparkApplication with `cores: 4294967296`).',
  },
  'userdata-size': {
    step: 'api-server',
    severity: 'error',
    summary: 'an EC2NodeClass whose userData cannot fit EC2’s 16 KB user data next to Karpenter’s part',
    detail:
      'Karpenter merges `spec.userData` with a part of its own (the cluster’s endpoint and CA certificate, the pool’s labels and taints) into the launch template, and EC2 refuses user data over 16 KB before base64. With 3,072 bytes kept for Karpenter’s part, a userData over 13,312 bytes is refused: no node of the class would start. With `amiFamily: Custom` Karpenter adds nothing, and the whole 16 KB is the userData’s.',
  },
  'object-size': {
    step: 'api-server',
    severity: 'error',
    summary: 'an object over 1.5 MiB',
    detail:
      'etcd stores at most 1.5 MiB per object (its default request limit); the API server answers larger ones with "request is too large". Split the object.',
  },
  'client-apply-size': {
    step: 'api-server',
    severity: 'warning',
    summary: 'an object too large for client-side kubectl apply (over 256 KiB as JSON)',
    detail:
      'Client-side `kubectl apply` (and Argo CD’s default sync) keeps the applied object, as JSON, in the `kubectl.kubernetes.io/last-applied-configuration` annotation, and the API server allows 256 KiB of annotations per object: a larger object (a node DaemonSet script of some 700 mounts) is refused with "Too long: must have at most 262144 bytes". Server-side apply (`kubectl apply --server-side`, Argo CD’s `ServerSideApply=true`), Helm and Flux keep no such annotation. Measured on objects whose text passes 150,000 characters.',
  },
  'yaml11-scalar': {
    step: 'api-server',
    severity: 'warning',
    summary: 'an unquoted `on`, `yes`, `off`, `no`, `y`, `n` or `0755` in a string field',
    detail:
      'kubectl, Helm and kubeconform read YAML 1.1, where these are booleans and octal numbers, not strings; YAML 1.2 tools read them as strings. Quote the value (`"on"`, `"0755"`) so every tool reads the string.',
  },
  'privileged-escalation': {
    step: 'api-server',
    severity: 'error',
    summary: '`privileged: true` with `allowPrivilegeEscalation: false`',
    detail: 'The API server refuses the contradiction (a privileged container can always escalate); the schemas accept it.',
  },
  'bidirectional-unprivileged': {
    step: 'api-server',
    severity: 'error',
    summary: '`mountPropagation: Bidirectional` in a container that is not privileged',
    detail: 'Only privileged containers may propagate mounts back to the host. Readers of a host mount use `HostToContainer`.',
  },
  'selector-mismatch': {
    step: 'api-server',
    severity: 'error',
    summary: "a workload's selector that does not select its own pod template, or is empty",
    detail: 'Deployments, DaemonSets, StatefulSets and ReplicaSets are refused with "selector does not match template labels".',
  },
  'host-port': {
    step: 'api-server',
    severity: 'error',
    summary: 'a port out of range, or a hostPort unlike its containerPort with the host network',
    detail: 'With `hostNetwork: true` the container listens on the node itself, so its host port is its container port.',
  },
  'duplicate-volume': {
    step: 'api-server',
    severity: 'error',
    summary: 'two volumes of one pod with the same name',
    detail: 'Volume names are unique within a pod (and within a SparkApplication’s `spec.volumes`).',
  },
  'duplicate-container': {
    step: 'api-server',
    severity: 'error',
    summary: 'two containers of one pod with the same name',
    detail: 'Init containers, containers and ephemeral containers share one name space.',
  },
  'missing-volume': {
    step: 'api-server',
    severity: 'error',
    summary: 'a volumeMount of a volume the pod does not declare',
    detail: 'Every `volumeMounts[].name` must be a volume of the pod (for a SparkApplication: of `spec.volumes`).',
  },
  'spark-app-name': {
    step: 'api-server',
    severity: 'error',
    summary: 'a SparkApplication name that is not a DNS-1035 label (for a ScheduledSparkApplication: with its run suffix)',
    detail:
      'The Spark operator’s webhook (v2.4 and later) refuses names that do not start with a letter or are longer than 63 characters. A ScheduledSparkApplication names each run `<name>-<timestamp>`, which must fit too.',
  },
  'spark-client-mode': {
    step: 'api-server',
    severity: 'error',
    summary: '`mode: client`, which the operator accepts but cannot run',
    detail: 'Client mode runs spark-submit inside the operator pod: no driver pod is ever created. Use `mode: cluster`.',
  },
  'spark-conf-key': {
    step: 'api-server',
    severity: 'error',
    summary: 'a sparkConf key the operator refuses (service accounts, images, `spark.master`, a foreign namespace, …)',
    detail:
      'The operator’s webhook refuses sparkConf keys it sets from the application’s own fields; set the field instead (`driver.serviceAccount`, `image`, …).',
  },
  'spark-conf-overridden': {
    step: 'api-server',
    severity: 'warning',
    summary: 'a sparkConf key the operator drops or replaces (pod template files, the driver pod name, …)',
    detail:
      'The application runs, but without the value: the operator sets these keys itself after the user’s sparkConf, or drops them. Remove the key, or use the field the operator reads.',
  },
  'spark-node-selector': {
    step: 'api-server',
    severity: 'error',
    summary: 'a node selector both on the application and on the driver or executor',
    detail: 'The operator’s webhook refuses the combination; keep one.',
  },
  'spark-schedule': {
    step: 'api-server',
    severity: 'error',
    summary: 'a ScheduledSparkApplication whose schedule or time zone the operator cannot parse',
    detail:
      'The operator parses `spec.schedule` with robfig/cron’s standard parser (five fields, the descriptors `@daily` … and `@every <Go duration>`, an optional `CRON_TZ=` prefix) and loads `spec.timeZone` with Go’s `time.LoadLocation` (an IANA name as written, `UTC` or `Local`). A failure leaves the schedule in FailedValidation: it never runs.',
  },
  'spark-template-version': {
    step: 'api-server',
    severity: 'error',
    summary: 'driver or executor pod templates with a Spark version that does not support them',
    detail: 'The operator refuses pod templates (`driver.template`, `executor.template`) for Spark versions before 3.0.',
  },
  'spark-webhook-duplicate': {
    step: 'api-server',
    severity: 'error',
    summary: 'a volume or mount in a pod template that the operator’s webhook adds a second time',
    detail:
      'The mutating webhook appends `spec.volumes` and the role’s `volumeMounts` to the pod built from the template without de-duplication; the API server then refuses the pod.',
  },
  'pv-pvc': {
    step: 'wiring',
    severity: 'error',
    outsideSet: true,
    summary: 'a PersistentVolumeClaim and the PersistentVolume it names that will not bind',
    detail:
      'Static provisioning (the Mountpoint CSI driver’s only mode) binds a claim to a volume when both name each other (`volumeName`, `claimRef`) with the same storage class (`""` on both). A volume or claim outside the checked set is a warning.',
  },
  'service-account-ref': {
    step: 'wiring',
    severity: 'warning',
    outsideSet: true,
    summary: 'a ServiceAccount named by a pod, SparkApplication or RoleBinding that is not among the checked objects',
    detail:
      'Service accounts are often created elsewhere (Terraform, the Spark operator’s chart): make sure it exists in the namespace. An error under `--strict-references` (as in `synth`, whose output is complete).',
  },
  'role-ref': {
    step: 'wiring',
    severity: 'error',
    outsideSet: true,
    summary: 'a binding that grants a Role or ClusterRole that is not among the checked objects, or a Role from a ClusterRoleBinding',
    detail:
      'Built-in ClusterRoles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`) always exist. A ClusterRoleBinding can only grant a ClusterRole.',
  },
  'nodeclass-ref': {
    step: 'wiring',
    severity: 'error',
    outsideSet: true,
    summary: "a NodePool's `nodeClassRef` that names no node class among the checked objects, or one of another group",
    detail: 'Karpenter never launches nodes for a NodePool whose node class does not exist.',
  },
  'node-selection': {
    step: 'wiring',
    severity: 'error',
    outsideSet: true,
    summary: 'a Spark driver or executor that none of the NodePools it aims at can run',
    detail:
      'When NodePools are among the checked objects, each Spark pod must fit one: its nodeSelector met by the pool’s labels or requirements, each of the pool’s taints tolerated; otherwise the pod stays Pending. ' +
      'A pod aims at pools through the nodeSelector labels that are not node-wide ones (`NodeGroupType`, `karpenter.sh/nodepool`, not `kubernetes.io/arch` or `karpenter.sh/capacity-type`). ' +
      'When no checked pool carries them, or the pod aims at no pool at all, the nodes it needs are elsewhere: a warning.',
  },
  'hostpath-mount': {
    step: 'wiring',
    severity: 'error',
    outsideSet: true,
    summary: "a Spark hostPath below the nodes' S3 mount root that nothing mounts S3 on",
    detail:
      'Applies to hostPaths that lie under the directory holding the S3 mounts a node DaemonSet script (`MOUNT_DIR=`) or an EC2NodeClass’s fstab userData declares, and to every hostPath of a SparkApplication labelled `app.kubernetes.io/managed-by: mountpoint-s3-spark`. Other hostPaths (NVMe local dirs, `/tmp`) are not its business.',
  },
  kubeconform: {
    step: 'kubeconform',
    severity: 'error',
    summary: 'kubeconform, run over the same files and schemas, disagrees with the schema step',
    detail:
      'Only with `--kubeconform BIN` (or kubeconform on PATH). kubeconform failing an object the schema step passed is an error; the other way round a warning.',
    noCorpusExample: 'needs a kubeconform binary; test/check/kubeconform.test.ts covers it with a stand-in',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}

/** Where a rule is documented, relative to the package root. */
export const RULES_DOC = 'docs/check-rules.md';

export function ruleAnchor(id: RuleId): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function ruleDocLink(id: RuleId): string {
  return `${RULES_DOC}#${ruleAnchor(id)}`;
}

/** The severity a rule's findings have, as `--list-rules` and the docs say it. */
export function describeSeverity(info: RuleInfo): string {
  if (!info.outsideSet) return info.severity;
  if (info.severity === 'warning') return 'warning (error with --strict-references)';
  return `${info.severity}; warning when the object is not among the checked ones (error with --strict-references)`;
}

/** `--list-rules`: one line per rule, `ID  SEVERITY  STEP  SUMMARY  DOC`, aligned; `*` marks reference rules. */
export function renderRuleList(): string {
  const rows = RULE_IDS.map((id) => [
    id,
    `${RULES[id].severity}${isReferenceRule(RULES[id]) ? '*' : ''}`,
    RULES[id].step,
    RULES[id].summary,
    ruleDocLink(id),
  ]);
  const header = ['RULE', 'SEVERITY', 'STEP', 'WHAT IT REFUSES', 'DOC'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const table = [header, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
  return `${table.join('\n')}\n\n* about an object that is not among the checked ones: a warning ("make sure it exists in the cluster"), an error with --strict-references\n`;
}

function isReferenceRule(info: RuleInfo): boolean {
  return info.outsideSet === true;
}

/** `--skip-rules a,b`: rule ids; an unknown one is refused with the known ones. */
export function parseRuleIds(values: readonly string[]): RuleId[] {
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = ids.find((id) => !isRuleId(id));
  if (unknown !== undefined)
    throw new UsageError(`--skip-rules: unknown rule "${unknown}" (mountpoint-s3-spark check --list-rules lists them)`);
  return ids as RuleId[];
}
