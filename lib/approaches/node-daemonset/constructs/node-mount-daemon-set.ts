import { createHash } from 'node:crypto';
import { k8s } from '../../../constructs/k8s';
import { Construct } from 'constructs';
import { JsonPatch, Lazy } from 'cdk8s';
import { nodeDaemonSetSettings } from '../config/schema-node-daemonset';
import { NODE_SCRIPT_KEY } from '../config/node-script';
import { isSealed, mayBeSealed, sealedOutputAllowed } from '../../../sealed';

export interface NodeMountDaemonSetProps {
  /** Namespace of the DaemonSet, its ServiceAccount and ConfigMap. */
  readonly namespace: string;
  /** Name of the DaemonSet, its ServiceAccount and ConfigMap. */
  readonly name: string;
  /** The bash script that installs Mountpoint and keeps the buckets mounted; it runs on the host. */
  readonly script: string;
  /** Host paths that must be mounted for the pod to be ready. */
  readonly mountPaths: readonly string[];
  /** Image providing bash and nsenter; the work itself happens in the host's mount namespace. */
  readonly image: string;
  /**
   * Node selector terms, ORed: the nodes Spark pods that use these mounts run on.
   * @default - every node
   */
  readonly nodeSelectorTerms?: readonly k8s.NodeSelectorTerm[];
  /** @default [] */
  readonly tolerations?: readonly k8s.Toleration[];
  /** PriorityClass of the pods. @default 'system-node-critical' */
  readonly priorityClassName?: string;
  /**
   * Quantities by resource name, e.g. `{ requests: { cpu: '10m' } }`.
   * @default { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }
   */
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  /** Labels that select the pods; also set on every object. */
  readonly selectorLabels: Record<string, string>;
}

/** The node selector terms of a rendered DaemonSet, as SealedTermsDaemonSet reads them. */
interface RenderedTerms {
  readonly spec: {
    readonly template: {
      readonly spec: {
        readonly affinity: {
          readonly nodeAffinity: { readonly requiredDuringSchedulingIgnoredDuringExecution: { readonly nodeSelectorTerms: unknown[] } };
        };
      };
    };
  };
}

/** The members of a node selector requirement, in the order the generated class renders them. */
const REQUIREMENT_KEYS = ['key', 'operator', 'values'];

/**
 * Whether cdk8s would render `expressions` as they are: a sealed list
 * (`lib/sealed.ts`) of requirements whose members are strings, in the order
 * the generated class writes them.
 */
function renderedAsIs(expressions: unknown): expressions is readonly k8s.NodeSelectorRequirement[] {
  if (!Array.isArray(expressions) || !mayBeSealed(expressions.length) || !isSealed(expressions)) return false;
  return expressions.every((expression: Record<string, unknown>) => {
    let i = 0;
    for (const key in expression) if (key !== REQUIREMENT_KEYS[i++]) return false;
    const { key, operator, values } = expression;
    return (
      i === REQUIREMENT_KEYS.length &&
      typeof key === 'string' &&
      typeof operator === 'string' &&
      Array.isArray(values) &&
      values.every((value) => typeof value === 'string')
    );
  });
}

/**
 * Node selector terms whose long lists of expressions (one team's 100,000
 * node labels) skip cdk8s' rendering: each is sealed already and in the
 * form cdk8s would render it (`renderedAsIs`), so it is put into the
 * rendered object as it is (`SealedTermsDaemonSet`) instead of being
 * resolved and copied twice (by cdk8s, then by the generated class). A
 * DaemonSet with JSON patches renders them the usual way: its patches see
 * the whole object.
 */
class ExpressionStandIns {
  /** The terms for the DaemonSet's props: a list to stand in is a Lazy. */
  readonly terms: k8s.NodeSelectorTerm[];
  patched = false;
  /** Whether the rendering under way may take the lists as they are (`sealedOutputAllowed`): else cdk8s renders them, as any list. */
  sealedOutput = false;
  /** Term index → its expressions, for the rendering under way that rendered the term with none. */
  readonly standingIn = new Map<number, readonly k8s.NodeSelectorRequirement[]>();

  constructor(terms: readonly k8s.NodeSelectorTerm[]) {
    this.terms = terms.map((term, index) => {
      const expressions = term.matchExpressions;
      if (!renderedAsIs(expressions)) return term;
      const produce = (): readonly k8s.NodeSelectorRequirement[] => {
        if (this.patched || !this.sealedOutput) return expressions;
        this.standingIn.set(index, expressions);
        return [];
      };
      return { ...term, matchExpressions: Lazy.any({ produce }) as unknown as k8s.NodeSelectorRequirement[] };
    });
  }
}

/** A KubeDaemonSet whose rendered object takes the lists of `standIns` as they are. */
class SealedTermsDaemonSet extends k8s.KubeDaemonSet {
  constructor(
    scope: Construct,
    id: string,
    props: k8s.KubeDaemonSetProps,
    private readonly standIns: ExpressionStandIns,
  ) {
    super(scope, id, props);
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.standIns.patched = true;
    super.addJsonPatch(...ops);
  }

  public override toJson(): ReturnType<k8s.KubeDaemonSet['toJson']> {
    const { standingIn } = this.standIns;
    standingIn.clear();
    this.standIns.sealedOutput = sealedOutputAllowed(this);
    const json: unknown = super.toJson();
    if (standingIn.size === 0) return json;
    const rendered = (json as RenderedTerms).spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      .nodeSelectorTerms as Array<{ matchExpressions: unknown }>;
    for (const [index, expressions] of standingIn) rendered[index].matchExpressions = expressions;
    standingIn.clear();
    return json;
  }
}

/** The config's `nodeDaemonSet` settings: the defaults of the props that mirror them. */
const SETTINGS = nodeDaemonSetSettings.properties;

const SCRIPT_DIR = '/etc/mountpoint-s3-spark';

/**
 * Mounts S3 buckets on the node itself (seed approach 2.2): a ConfigMap holds
 * the host script, and a privileged DaemonSet pod runs it inside the host's
 * mount and network namespaces with nsenter.
 *
 * Built from the L1 classes because cdk8s-plus' DaemonSet adds
 * `allowPrivilegeEscalation: false`, which the API server rejects next to
 * `privileged: true`.
 *
 * Children: the DaemonSet is `Resource` (`ApiObject.of(mount)`), its
 * ServiceAccount `ServiceAccount`, the ConfigMap holding the script `Script`.
 */
export class NodeMountDaemonSet extends Construct {
  constructor(scope: Construct, id: string, props: NodeMountDaemonSetProps) {
    super(scope, id);
    const labels = props.selectorLabels;
    const metadata = { name: props.name, namespace: props.namespace, labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'Script', { metadata, data: { [NODE_SCRIPT_KEY]: props.script } });

    const terms = props.nodeSelectorTerms ?? [];
    const resources = props.resources ?? SETTINGS.resources.default;
    const standIns = new ExpressionStandIns(terms);
    new SealedTermsDaemonSet(
      this,
      'Resource',
      {
        metadata,
        spec: {
          selector: { matchLabels: labels },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
          template: {
            metadata: {
              labels,
              // A changed script changes the pod template, so the DaemonSet rolls out the new script.
              annotations: { 'mountpoint-s3-spark/script-sha256': createHash('sha256').update(props.script).digest('hex') },
            },
            spec: {
              serviceAccountName: props.name,
              automountServiceAccountToken: false,
              // nsenter --target 1 needs the host's PID 1; no other host namespace is shared with the pod.
              hostPid: true,
              priorityClassName: props.priorityClassName ?? SETTINGS.priorityClassName.default,
              terminationGracePeriodSeconds: 30,
              affinity: terms.length
                ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: standIns.terms } } }
                : undefined,
              tolerations: props.tolerations?.length ? [...props.tolerations] : undefined,
              containers: [
                {
                  name: 'mount-s3',
                  image: props.image,
                  imagePullPolicy: 'IfNotPresent',
                  // The host cannot see the pod's files: the script travels as file descriptor 3, opened
                  // here and inherited through nsenter, and the host's bash reads it through /proc (the
                  // pod shares the host's PID namespace). Not as an argument: Linux refuses one over
                  // 128 KiB, which a script of a few hundred mounts passes.
                  command: [
                    '/bin/bash',
                    '-c',
                    `exec nsenter --target 1 --mount --net -- /bin/bash /proc/self/fd/3 3<${SCRIPT_DIR}/${NODE_SCRIPT_KEY}`,
                  ],
                  securityContext: { privileged: true },
                  resources: { requests: quantities(resources.requests), limits: quantities(resources.limits) },
                  readinessProbe: {
                    // Paths travel as positional arguments, so none of them is ever parsed as shell code.
                    exec: {
                      command: [
                        'nsenter',
                        '--target',
                        '1',
                        '--mount',
                        '--',
                        '/bin/sh',
                        '-c',
                        'for dir in "$@"; do mountpoint -q "$dir" || exit 1; done',
                        'readiness',
                        ...props.mountPaths,
                      ],
                    },
                    initialDelaySeconds: 5,
                    periodSeconds: 10,
                    timeoutSeconds: 5,
                    failureThreshold: 3,
                  },
                  volumeMounts: [{ name: 'script', mountPath: SCRIPT_DIR, readOnly: true }],
                },
              ],
              volumes: [{ name: 'script', configMap: { name: props.name, defaultMode: 0o444 } }],
            },
          },
        },
      },
      standIns,
    );
  }
}

function quantities(values: Record<string, string> | undefined): Record<string, k8s.Quantity> | undefined {
  return values && Object.fromEntries(Object.entries(values).map(([name, value]) => [name, k8s.Quantity.fromString(value)]));
}
