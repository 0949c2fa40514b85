import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { defaultConfigData, exampleConfig, findObject, K8sObject, ROOT, sparkPodSpec, synthObjects } from '../helpers';

const config = exampleConfig('node-userdata.yaml');
const objects = synthObjects(config);
const nodePools = objects.filter((o) => o.kind === 'NodePool');
const nodeClasses = objects.filter((o) => o.kind === 'EC2NodeClass');

interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Kubernetes' rule for whether a toleration lets a pod onto a node with `taint`. */
function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return toleration.key === undefined || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** The labels a node of `pool` carries: its template labels plus the ones Karpenter adds. */
function nodeLabels(pool: K8sObject): Record<string, string> {
  return { ...pool.spec.template.metadata?.labels, 'karpenter.sh/nodepool': pool.metadata.name };
}

/** The CRD's OpenAPI schema of `apiVersion`, as vendored into schemas/crds.json (`npm run vendor-schemas`). */
function crdSchema(apiVersion: string, kind: string): object {
  const crds = JSON.parse(readFileSync(join(ROOT, 'schemas', 'crds.json'), 'utf8')) as Array<{
    group: string;
    version: string;
    kind: string;
    schema: object;
  }>;
  const crd = crds.find((c) => `${c.group}/${c.version}` === apiVersion && c.kind === kind);
  if (!crd) throw new Error(`schemas/crds.json has no ${apiVersion} ${kind}`);
  return crd.schema;
}

describe('node-userdata example: Karpenter objects', () => {
  test('one NodePool and one EC2NodeClass per pool, named after it', () => {
    expect(nodePools.map((p) => p.metadata.name)).toEqual(['spark-amd64-spot', 'spark-arm64-on-demand']);
    expect(nodeClasses.map((c) => c.metadata.name)).toEqual(['spark-amd64-spot', 'spark-arm64-on-demand']);
  });

  test.each(['spark-amd64-spot', 'spark-arm64-on-demand'])('NodePool %s refers to an emitted EC2NodeClass', (name) => {
    const ref = findObject(nodePools, 'NodePool', name).spec.template.spec.nodeClassRef;
    const nodeClass = findObject(nodeClasses, ref.kind, ref.name);
    expect(nodeClass.apiVersion).toBe(`${ref.group}/v1`);
  });

  test.each([
    ['karpenter.sh/v1', 'NodePool'],
    ['karpenter.k8s.aws/v1', 'EC2NodeClass'],
  ])("every %s %s matches the CRD's OpenAPI schema", (apiVersion, kind) => {
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(crdSchema(apiVersion, kind));
    for (const object of objects.filter((o) => o.kind === kind)) {
      validate(object);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  test('the CRD schema check is real: it rejects a NodePool with a malformed expireAfter', () => {
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(crdSchema('karpenter.sh/v1', 'NodePool'));
    const broken = structuredClone(nodePools[0]);
    broken.spec.template.spec.expireAfter = '30d';
    expect(validate(broken)).toBe(false);
  });

  test('the architectures and capacity types become requirements', () => {
    const requirement = (pool: string, key: string) =>
      findObject(nodePools, 'NodePool', pool).spec.template.spec.requirements.find((r: any) => r.key === key);
    expect(requirement('spark-amd64-spot', 'kubernetes.io/arch')).toEqual({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] });
    expect(requirement('spark-amd64-spot', 'karpenter.sh/capacity-type').values).toEqual(['spot']);
    expect(requirement('spark-arm64-on-demand', 'kubernetes.io/arch').values).toEqual(['arm64']);
    expect(requirement('spark-arm64-on-demand', 'karpenter.sh/capacity-type').values).toEqual(['on-demand']);
  });

  test('a pool without a taints key gets the NoSchedule taint that names it', () => {
    expect(findObject(nodePools, 'NodePool', 'spark-arm64-on-demand').spec.template.spec.taints).toEqual([
      { key: 'spark.mountpoint-s3/pool', value: 'spark-arm64-on-demand', effect: 'NoSchedule' },
    ]);
  });

  test.each(['spark-amd64-spot', 'spark-arm64-on-demand'])('EC2NodeClass %s requires IMDSv2 and an encrypted gp3 root volume', (name) => {
    const spec = findObject(nodeClasses, 'EC2NodeClass', name).spec;
    expect(spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(spec.blockDeviceMappings).toEqual([
      expect.objectContaining({ rootVolume: true, ebs: expect.objectContaining({ encrypted: true, volumeType: 'gp3' }) }),
    ]);
  });

  test("subnets and security groups default to the cluster's discovery tag", () => {
    const spec = findObject(nodeClasses, 'EC2NodeClass', 'spark-arm64-on-demand').spec;
    const discovery = [{ tags: { 'karpenter.sh/discovery': 'spark-operator-doeks' } }];
    expect(spec.subnetSelectorTerms).toEqual(discovery);
    expect(spec.securityGroupSelectorTerms).toEqual(discovery);
  });

  test('userData carries neither taints nor labels (they stay in the NodePool)', () => {
    for (const nodeClass of nodeClasses) {
      expect(nodeClass.spec.userData).not.toMatch(/register-with-taints|node-labels|NodeConfig/);
    }
  });

  test('no DaemonSet: node-userdata buckets need none', () => {
    expect(objects.filter((o) => o.kind === 'DaemonSet')).toEqual([]);
  });
});

describe("node-userdata example: Spark pods land on their team's pool", () => {
  const cases = config.sparkApplications.map((app) => {
    const team = config.teams.find((t) => t.name === app.team)!;
    return [app.name, team.nodePool!] as const;
  });

  describe.each(cases)('SparkApplication %s (pool %s)', (appName, poolName) => {
    const app = findObject(objects, 'SparkApplication', appName);
    const pool = findObject(nodePools, 'NodePool', poolName);

    test.each(['driver', 'executor'] as const)('the %s selects only nodes of the pool', (role) => {
      const { nodeSelector } = sparkPodSpec(app, role);
      expect(nodeSelector).toEqual(nodeLabels(pool));
      for (const other of nodePools.filter((p) => p !== pool)) {
        expect(Object.entries(nodeSelector).every(([k, v]) => nodeLabels(other)[k] === v)).toBe(false);
      }
    });

    test.each(['driver', 'executor'] as const)('the %s tolerates every taint of the pool', (role) => {
      for (const taint of pool.spec.template.spec.taints as Taint[]) {
        expect(sparkPodSpec(app, role).tolerations.some((t: Toleration) => tolerates(t, taint))).toBe(true);
      }
    });

    test("the bucket is a hostPath at the path the pool's fstab mounts", () => {
      const userData: string = findObject(nodeClasses, 'EC2NodeClass', poolName).spec.userData;
      const volume = sparkPodSpec(app, 'executor').volumes[0];
      expect(volume.hostPath).toEqual({ path: '/mnt/s3/jars', type: 'Directory' });
      expect(userData).toContain(`'s3://my-spark-jars/jars/ ${volume.hostPath.path} mount-s3 `);
    });
  });
});

describe('a team with a node pool and a node-daemonset bucket', () => {
  const data = defaultConfigData();
  data.nodePools = [{ name: 'spark', labels: { NodeGroupType: 'SparkComputeOptimized' }, ec2NodeClass: { role: 'KarpenterNodeRole' } }];
  data.teams[0].nodePool = 'spark';
  const merged = synthObjects(loadConfigText(yaml.dump(data), 'c.yaml'));
  const podSpec = findObject(merged, 'DaemonSet').spec.template.spec;
  const driver = sparkPodSpec(findObject(merged, 'SparkApplication'), 'driver');

  test("its Spark pods keep the team's own selector and tolerations, plus the pool's", () => {
    expect(driver.nodeSelector).toEqual({
      NodeGroupType: 'SparkComputeOptimized',
      'karpenter.sh/capacity-type': 'on-demand',
      'karpenter.sh/nodepool': 'spark',
    });
    expect(driver.tolerations).toEqual([
      { key: 'spark-compute-optimized', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'spark.mountpoint-s3/pool', operator: 'Equal', value: 'spark', effect: 'NoSchedule' },
    ]);
  });

  test('the DaemonSet follows them onto the pool: same selector, tolerates the pool taint', () => {
    const terms = podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([
      {
        matchExpressions: Object.entries(driver.nodeSelector)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => ({ key, operator: 'In', values: [value] })),
      },
    ]);
    expect(podSpec.tolerations).toEqual(driver.tolerations);
  });
});
