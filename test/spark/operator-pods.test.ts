import { Config } from '../../lib/config/schema';
import { mainContainer, ModeledContainer, ModeledPod, operatorPod, SparkRole } from '../../lib/spark/operator-pod';
import { EXAMPLES, exampleConfig, findObject, K8sObject, synthObjects } from '../helpers';

/**
 * Every driver and executor pod of every example, built the way the Spark
 * operator v2.5 builds it with its mutating webhook off (pod template +
 * Spark conf) and on (+ what the webhook appends), judged against the config.
 */
interface PodCase {
  example: string;
  app: string;
  role: SparkRole;
  webhook: boolean;
}

const synthesized = new Map(EXAMPLES.map((example) => [example, synthObjects(exampleConfig(example))]));

const CASES: PodCase[] = EXAMPLES.flatMap((example) =>
  exampleConfig(example).sparkApplications.flatMap((app) =>
    (['driver', 'executor'] as const).flatMap((role) => [false, true].map((webhook) => ({ example, app: app.name, role, webhook }))),
  ),
);

function setUp({ example, app: name, role, webhook }: PodCase) {
  const config = exampleConfig(example);
  const objects = synthesized.get(example)!;
  const app = config.sparkApplications.find((a) => a.name === name)!;
  const team = config.teams.find((t) => t.name === app.team)!;
  const object = objects.find(
    (o) => o.metadata.name === name && (o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication'),
  )!;
  const spec = object.kind === 'ScheduledSparkApplication' ? object.spec.template : object.spec;
  const pod = operatorPod(spec, role, { webhook });
  return { config, objects, app, team, spec, pod, container: mainContainer(pod, role) };
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`);
/** The modelled pod's volumes and a container's mounts, as parsed JSON of any shape. */
const volumesOf = (pod: ModeledPod): any[] => pod.spec.volumes;
const mountsOf = (container: ModeledContainer): any[] => container.volumeMounts ?? [];

const mountPaths = (pod: ModeledPod, role: SparkRole): string[] =>
  (mainContainer(pod, role).volumeMounts ?? []).map((m: any) => m.mountPath);

describe.each(CASES)('$example: $app $role, webhook on: $webhook', (podCase) => {
  const { config, objects, team, spec, pod, container } = setUp(podCase);

  test('has no volume name twice', () => {
    expect.hasAssertions();
    const names = volumesOf(pod).map((v) => v.name);
    expect(names).toEqual([...new Set(names)]);
  });

  test('mounts no path twice in the Spark container', () => {
    expect.hasAssertions();
    const paths = mountPaths(pod, podCase.role);
    expect(paths).toEqual([...new Set(paths)]);
  });

  test('mounts every bucket of the team at the bucket path, as a host path or the team claim', () => {
    expect.hasAssertions();
    for (const bucket of config.buckets.filter((b) => team.buckets.includes(b.name))) {
      const mount = mountsOf(container).find((m) => m.mountPath === bucket.mount.path);
      const volume = volumesOf(pod).find((v) => v.name === mount?.name);
      if (bucket.mount.approach === 'pod-csi') {
        expect(volume?.persistentVolumeClaim?.claimName).toBe(findClaim(objects, team, bucket.name));
      } else {
        expect(volume?.hostPath?.path).toBe(bucket.mount.path);
      }
      expect(mount.readOnly).toBe(bucket.readOnly);
    }
  });

  test('propagates host mounts into the container (HostToContainer)', () => {
    expect.hasAssertions();
    const hostVolumes = new Set(
      volumesOf(pod)
        .filter((v) => v.hostPath)
        .map((v) => v.name),
    );
    const hostMounts = mountsOf(container).filter((m) => hostVolumes.has(m.name));
    expect(hostMounts.map((m: any) => m.mountPropagation)).toEqual(hostMounts.map(() => 'HostToContainer'));
  });

  test('finds every class path entry and local:// file under a mount of the pod', () => {
    expect.hasAssertions();
    const classPath = (spec.sparkConf?.[`spark.${podCase.role}.extraClassPath`] ?? '').split(':').filter(Boolean);
    const localFiles = [spec.mainApplicationFile, ...(spec.deps?.jars ?? []), ...(spec.deps?.files ?? []), ...(spec.deps?.pyFiles ?? [])]
      .filter((uri: string) => uri.startsWith('local://'))
      .map((uri: string) => uri.slice('local://'.length));
    const mounts = mountPaths(pod, podCase.role);
    const paths = [...classPath.map((entry: string) => entry.replace(/\/\*$/, '')), ...localFiles];
    expect(paths.filter((path) => !mounts.some((dir) => under(path, dir)))).toEqual([]);
  });

  test('runs on the nodes of the team: its node selector and tolerations, and those of its node pool', () => {
    expect.hasAssertions();
    expect(pod.spec.nodeSelector).toEqual(expect.objectContaining(team.nodeSelector));
    expect(pod.spec.tolerations).toEqual(expect.arrayContaining(team.tolerations));
    if (team.nodePool !== undefined) {
      const pool = findObject(objects, 'NodePool', team.nodePool).spec.template;
      expect(pod.spec.nodeSelector).toEqual(expect.objectContaining({ ...pool.metadata?.labels, 'karpenter.sh/nodepool': team.nodePool }));
      for (const taint of pool.spec.taints ?? []) {
        expect(pod.spec.tolerations).toContainEqual(expect.objectContaining({ key: taint.key, effect: taint.effect }));
      }
    }
  });

  test('runs non-root without privilege escalation', () => {
    expect.hasAssertions();
    expect(pod.spec.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true }));
    expect(container.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false }));
  });

  test("runs as the role's own service account: only the driver may manage pods", () => {
    expect.hasAssertions();
    expect(pod.spec.serviceAccountName).toBe(podCase.role === 'driver' ? team.serviceAccount.name : team.serviceAccount.executorName);
  });
});

function findClaim(objects: K8sObject[], team: Config['teams'][number], bucket: string): string {
  const namespace = team.namespace ?? team.name;
  const claim = objects.find(
    (o) =>
      o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === namespace && o.spec.volumeName && o.metadata.name.endsWith(bucket),
  );
  if (!claim) throw new Error(`no claim of ${bucket} in ${namespace}`);
  return claim.metadata.name;
}

describe('the operator pod model tells the layouts that break apart', () => {
  const volume = { name: 's3-jars', hostPath: { path: '/mnt/s3/jars', type: 'Directory' } };
  const mount = { name: 's3-jars', mountPath: '/mnt/s3/jars', mountPropagation: 'HostToContainer' };
  const template = { spec: { volumes: [volume], containers: [{ name: 'spark-kubernetes-driver', volumeMounts: [mount] }] } };

  test('mounts in spec.volumes and role volumeMounts only reach the pod through the webhook', () => {
    expect.hasAssertions();
    const app = { volumes: [volume], driver: { volumeMounts: [mount] } };
    expect(operatorPod(app, 'driver', { webhook: false }).spec.volumes).toEqual([]);
    expect(operatorPod(app, 'driver', { webhook: true }).spec.volumes).toEqual([volume]);
  });

  test('a volume both in the template and in spec.volumes is added twice with the webhook on', () => {
    expect.hasAssertions();
    const app = { volumes: [volume], driver: { volumeMounts: [mount], template } };
    expect(volumesOf(operatorPod(app, 'driver', { webhook: false })).map((v) => v.name)).toEqual(['s3-jars']);
    expect(volumesOf(operatorPod(app, 'driver', { webhook: true })).map((v) => v.name)).toEqual(['s3-jars', 's3-jars']);
  });

  test('Spark conf volumes carry no mount propagation', () => {
    expect.hasAssertions();
    const app = {
      sparkConf: {
        'spark.kubernetes.executor.volumes.hostPath.jars.mount.path': '/mnt/s3/jars',
        'spark.kubernetes.executor.volumes.hostPath.jars.options.path': '/mnt/s3/jars',
      },
    };
    const pod = operatorPod(app, 'executor', { webhook: false });
    expect(pod.spec.volumes).toEqual([{ name: 'jars', hostPath: { path: '/mnt/s3/jars' } }]);
    expect(mainContainer(pod, 'executor').volumeMounts).toEqual([{ name: 'jars', mountPath: '/mnt/s3/jars' }]);
  });

  test('role tolerations and node selectors need the webhook; the app-level node selector does not', () => {
    expect.hasAssertions();
    const app = {
      nodeSelector: { pool: 'spark' },
      executor: { nodeSelector: { zone: 'a' }, tolerations: [{ key: 'k', operator: 'Exists' }] },
    };
    expect(operatorPod(app, 'executor', { webhook: false }).spec).toEqual(
      expect.objectContaining({ nodeSelector: { pool: 'spark' }, tolerations: [] }),
    );
    expect(operatorPod(app, 'executor', { webhook: true }).spec).toEqual(
      expect.objectContaining({ nodeSelector: { pool: 'spark', zone: 'a' }, tolerations: [{ key: 'k', operator: 'Exists' }] }),
    );
  });

  test("node selectors join the template's without changing the manifest it came from", () => {
    expect.hasAssertions();
    const template = { spec: { nodeSelector: { pool: 'spark' } } };
    const app = {
      nodeSelector: { tier: 'batch' },
      sparkConf: { 'spark.kubernetes.executor.node.selector.disk': 'ssd' },
      driver: { template },
      executor: { template, nodeSelector: { zone: 'a' } },
    };
    const pods = (['driver', 'executor'] as const).map((role) => operatorPod(app, role, { webhook: true }).spec.nodeSelector);
    expect(pods).toEqual([
      { pool: 'spark', tier: 'batch' },
      { pool: 'spark', tier: 'batch', disk: 'ssd', zone: 'a' },
    ]);
    expect(template.spec.nodeSelector).toEqual({ pool: 'spark' });
  });

  test("a template's node selector is read as JSON, as the rest of the template: values JSON cannot hold (YAML's .nan, .inf) read as null", () => {
    expect.hasAssertions();
    const app = { driver: { template: { spec: { nodeSelector: { pool: 'spark', nan: NaN, inf: -Infinity, list: [NaN, 1] } } } } };
    const read = (webhook: boolean) => operatorPod(app, 'driver', { webhook }).spec.nodeSelector;
    // Nothing added to it (the selector as the manifest has it) or a node selector added: the same reading.
    expect([read(false), read(true)]).toEqual([
      { pool: 'spark', nan: null, inf: null, list: [null, 1] },
      { pool: 'spark', nan: null, inf: null, list: [null, 1] },
    ]);
  });

  test("executors without a service account of their own run as the driver's", () => {
    expect.hasAssertions();
    expect(operatorPod({ driver: { serviceAccount: 'spark' } }, 'executor', { webhook: false }).spec.serviceAccountName).toBe('spark');
  });
});

describe('the operator pod model reads a malformed spec as far as it is well-formed', () => {
  const mount = { name: 's3-jars', mountPath: '/mnt/s3/jars' };

  test('a container that is no object becomes the Spark container, and mounts that are no list start empty', () => {
    const app = {
      volumes: [{ name: 's3-jars', hostPath: { path: '/mnt/s3/jars' } }],
      driver: { volumeMounts: [mount], template: { spec: { containers: [null, { name: 'side', volumeMounts: 'x' }] } } },
    };
    const pod = operatorPod(app, 'driver', { webhook: true });
    expect(pod.spec.containers).toEqual([{ name: 'spark-kubernetes-driver', volumeMounts: [mount] }, { name: 'side' }]);
  });

  test('volumes, node selectors and tolerations of the wrong type are read as absent; a malformed volume keeps its place', () => {
    const app = {
      volumes: [7, { name: 's3-jars' }],
      nodeSelector: 'pool',
      executor: {
        volumeMounts: [mount],
        nodeSelector: ['a'],
        tolerations: 'all',
        template: { spec: { volumes: [null], nodeSelector: 'b', tolerations: {} } },
      },
    };
    const pod = operatorPod(app, 'executor', { webhook: true });
    expect([pod.spec.volumes, pod.volumeOrigins, pod.spec.nodeSelector, pod.spec.tolerations]).toEqual([
      [null, { name: 's3-jars' }],
      ['/spec/executor/template/spec/volumes/0', '/spec/volumes/1'],
      {},
      [],
    ]);
  });
});
