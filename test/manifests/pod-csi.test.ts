import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { EXAMPLES, exampleConfig, findObject, K8sObject, readExample, sparkContainer, sparkPodSpec, synthObjects } from '../helpers';

const podCsi = synthObjects(exampleConfig('pod-csi.yaml'));
const multiTeam = synthObjects(exampleConfig('multi-team.yaml'));

function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** SparkApplications and ScheduledSparkApplications. */
function sparkApps(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
}

function inNamespace(objects: K8sObject[], kind: string, namespace: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
}

/** The pod-csi example with `change` applied, synthesized. */
function podCsiObjectsAfter(change: (config: Record<string, any>) => void): K8sObject[] {
  const data = yaml.load(readExample('pod-csi.yaml')) as Record<string, any>;
  change(data);
  return synthObjects(loadConfigText(yaml.dump(data), 'pod-csi.yaml'));
}

describe.each([
  ['pod-csi.yaml', podCsi],
  ['multi-team.yaml', multiTeam],
])('pod-csi wiring in examples/%s', (_example, objects) => {
  const volumes = ofKind(objects, 'PersistentVolume');
  const claims = ofKind(objects, 'PersistentVolumeClaim');

  test('there is a claim for every volume and a volume for every claim', () => {
    expect(volumes.length).toBeGreaterThan(0);
    expect(claims).toHaveLength(volumes.length);
  });

  test('each PV is pinned by claimRef to a claim that exists, and that claim names the PV', () => {
    for (const volume of volumes) {
      const { namespace, name } = volume.spec.claimRef;
      const claim = inNamespace(objects, 'PersistentVolumeClaim', namespace, name);
      expect(claim?.spec.volumeName).toBe(volume.metadata.name);
    }
  });

  test('each claim names a PV whose claimRef points back at it', () => {
    for (const claim of claims) {
      const volume = findObject(objects, 'PersistentVolume', claim.spec.volumeName);
      expect(volume.spec.claimRef).toEqual({ namespace: claim.metadata.namespace, name: claim.metadata.name });
      expect(claim.spec.accessModes).toEqual(volume.spec.accessModes);
      expect(claim.spec.storageClassName).toBe('');
    }
  });

  test('volume handles are unique, and each PV is named after its handle', () => {
    const handles = volumes.map((v) => v.spec.csi.volumeHandle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const volume of volumes) expect(volume.metadata.name).toBe(volume.spec.csi.volumeHandle);
  });

  test('PVs are static S3 CSI volumes that are kept when the claim goes', () => {
    for (const volume of volumes) {
      expect(volume.spec.csi.driver).toBe('s3.csi.aws.com');
      expect(volume.spec.storageClassName).toBe('');
      expect(volume.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    }
  });

  test('every RoleBinding binds a Role and a ServiceAccount that exist in its namespace', () => {
    const bindings = ofKind(objects, 'RoleBinding');
    expect(bindings.map((b) => b.metadata.name)).toEqual(expect.arrayContaining(['spark-driver', 's3-claim-reader']));
    for (const binding of bindings) {
      const namespace = binding.metadata.namespace!;
      expect(inNamespace(objects, 'Role', namespace, binding.roleRef.name)).toBeDefined();
      for (const subject of binding.subjects) {
        expect(subject.namespace).toBe(namespace);
        expect(inNamespace(objects, 'ServiceAccount', namespace, subject.name)).toBeDefined();
      }
    }
  });

  test('the claim reader Role reads exactly the claims of its own namespace, by name', () => {
    for (const role of ofKind(objects, 'Role').filter((r) => r.metadata.name === 's3-claim-reader')) {
      const own = claims.filter((c) => c.metadata.namespace === role.metadata.namespace).map((c) => c.metadata.name);
      expect(role.rules).toEqual([
        { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: own, verbs: ['get', 'list', 'watch'] },
      ]);
    }
  });

  test('SparkApplications mount existing claims of their namespace at the bucket path, read-only as the claim', () => {
    const mounted = sparkApps(objects).flatMap((app) =>
      (['driver', 'executor'] as const).flatMap((role) =>
        sparkPodSpec(app, role)
          .volumes.filter((v: any) => v.persistentVolumeClaim)
          .map((v: any) => ({
            app,
            role,
            volume: v,
            claim: inNamespace(objects, 'PersistentVolumeClaim', app.metadata.namespace!, v.persistentVolumeClaim.claimName),
          })),
      ),
    );
    expect(mounted.length).toBeGreaterThan(0);
    for (const { app, role, volume, claim } of mounted) {
      expect(claim).toBeDefined();
      const readOnly = claim!.spec.accessModes[0] === 'ReadOnlyMany';
      expect(volume.persistentVolumeClaim.readOnly).toBe(readOnly);
      const mount = sparkContainer(app, role).volumeMounts.find((m: any) => m.name === volume.name);
      expect(mount).toEqual({ name: volume.name, mountPath: expect.stringMatching(/^\//), readOnly });
    }
  });
});

describe('pod-csi objects (examples/pod-csi.yaml)', () => {
  const volume = findObject(podCsi, 'PersistentVolume');
  const app = findObject(podCsi, 'SparkApplication', 'taxi-trip');

  test('mountOptions are the bucket\'s Mountpoint flags without "--", and without host cache flags', () => {
    expect(volume.spec.mountOptions).toEqual(['region us-west-2', 'prefix jars/', 'read-only', 'allow-other', 'metadata-ttl indefinite']);
  });

  test('a read-only bucket is a ReadOnlyMany volume with a derived, readable handle', () => {
    expect(volume.spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(volume.spec.csi.volumeHandle).toBe('spark-team-a.jars');
    expect(volume.spec.claimRef).toEqual({ namespace: 'spark-team-a', name: 's3-jars' });
  });

  test("volume attributes: bucket, the team's own credentials, an emptyDir cache of maxSizeMiB, Mountpoint pod limits without requests", () => {
    expect(volume.spec.csi.volumeAttributes).toEqual({
      bucketName: 'my-spark-jars',
      authenticationSource: 'pod',
      cache: 'emptyDir',
      cacheEmptyDirSizeLimit: '2048Mi',
      mountpointContainerResourcesLimitsMemory: '1Gi',
    });
  });

  test("jar URIs and class path point into the claim's mount path", () => {
    expect(sparkPodSpec(app, 'executor').volumes).toEqual([
      { name: 's3-jars', persistentVolumeClaim: { claimName: 's3-jars', readOnly: true } },
    ]);
    expect(sparkContainer(app, 'driver').volumeMounts).toEqual([{ name: 's3-jars', mountPath: '/mnt/s3/jars', readOnly: true }]);
    expect(app.spec.sparkConf['spark.executor.extraClassPath']).toBe(
      '/mnt/s3/jars/hadoop-aws-3.3.4.jar:/mnt/s3/jars/aws-java-sdk-bundle-1.12.262.jar',
    );
    expect(app.spec.mainApplicationFile).toBe('local:///mnt/s3/jars/pyspark-taxi-trip.py');
  });

  test('a team with only pod-level buckets gets a restricted namespace, and its Spark pods meet restricted', () => {
    const namespace = findObject(podCsi, 'Namespace', 'spark-team-a');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const role of ['driver', 'executor'] as const) {
      expect(sparkPodSpec(app, role).securityContext).toEqual(
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      );
      expect(sparkContainer(app, role).securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      // restricted allows persistentVolumeClaim volumes but no hostPath.
      expect(sparkPodSpec(app, role).volumes.every((v: any) => v.persistentVolumeClaim && !v.hostPath)).toBe(true);
    }
  });

  test('no node DaemonSet is generated for pod-level buckets', () => {
    expect(ofKind(podCsi, 'DaemonSet')).toEqual([]);
  });

  test('the admission policy and its binding are generated by default, as admissionregistration.k8s.io/v1', () => {
    const policy = findObject(podCsi, 'ValidatingAdmissionPolicy');
    const binding = findObject(podCsi, 'ValidatingAdmissionPolicyBinding');
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(binding.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(binding.spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
    expect(policy.spec.failurePolicy).toBe('Fail');
  });

  test('turning the admission policy off leaves it out', () => {
    const objects = podCsiObjectsAfter((c) => (c.podCsi.admissionPolicy.enabled = false));
    expect(ofKind(objects, 'ValidatingAdmissionPolicy')).toEqual([]);
    expect(ofKind(objects, 'ValidatingAdmissionPolicyBinding')).toEqual([]);
  });

  test('a writable bucket is a ReadWriteMany volume with its write flags, mounted writable', () => {
    const objects = podCsiObjectsAfter((c) => Object.assign(c.buckets[0], { readOnly: false, allowDelete: true }));
    const writable = findObject(objects, 'PersistentVolume');
    expect(writable.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(writable.spec.mountOptions).toEqual(expect.arrayContaining(['allow-delete']));
    expect(writable.spec.mountOptions).not.toContain('read-only');
    expect(sparkPodSpec(findObject(objects, 'SparkApplication'), 'executor').volumes[0].persistentVolumeClaim.readOnly).toBe(false);
  });

  test("without a team IAM role, Mountpoint uses the driver's credentials", () => {
    const objects = podCsiObjectsAfter((c) => delete c.teams[0].serviceAccount.iamRoleArn);
    expect(findObject(objects, 'PersistentVolume').spec.csi.volumeAttributes.authenticationSource).toBeUndefined();
  });

  test('a disabled cache means no cache volume; a memory medium is passed on', () => {
    const none = podCsiObjectsAfter((c) => (c.buckets[0].mount.cache.enabled = false));
    expect(Object.keys(findObject(none, 'PersistentVolume').spec.csi.volumeAttributes)).not.toContain('cache');
    const memory = podCsiObjectsAfter((c) => (c.buckets[0].mount.csi.cache.medium = 'Memory'));
    expect(findObject(memory, 'PersistentVolume').spec.csi.volumeAttributes.cacheEmptyDirMedium).toBe('Memory');
  });
});

describe('two teams sharing one pod-csi bucket (examples/multi-team.yaml)', () => {
  const shared = ofKind(multiTeam, 'PersistentVolume').filter((v) => v.spec.csi.volumeAttributes.bucketName === 'acme-spark-udfs');

  test('each team has its own volume and claim on the shared bucket, the handle set in the config kept as is', () => {
    expect(shared.map((v) => v.spec.claimRef)).toEqual([
      { namespace: 'analytics', name: 's3-udfs' },
      { namespace: 'ds-spark', name: 's3-udfs' },
    ]);
    expect(shared.map((v) => v.spec.csi.volumeHandle)).toEqual(['analytics.udfs', 'ds-spark-udfs']);
  });

  test('each volume mounts with the credentials of its own team, whose service accounts carry different IAM roles', () => {
    for (const volume of shared) expect(volume.spec.csi.volumeAttributes.authenticationSource).toBe('pod');
    const roles = shared.map((volume) => {
      const namespace = volume.spec.claimRef.namespace;
      const account = ofKind(multiTeam, 'ServiceAccount').find((a) => a.metadata.namespace === namespace)!;
      return account.metadata.annotations?.['eks.amazonaws.com/role-arn'];
    });
    expect(roles).toEqual(['arn:aws:iam::111122223333:role/spark-analytics', 'arn:aws:iam::111122223333:role/spark-data-science']);
  });

  test('an ephemeral cache volume of the configured storage class and maxSizeMiB', () => {
    expect(shared[0].spec.csi.volumeAttributes).toEqual(
      expect.objectContaining({
        cache: 'ephemeral',
        cacheEphemeralStorageClassName: 'gp3-mountpoint-cache',
        cacheEphemeralStorageResourceRequest: '4096Mi',
      }),
    );
  });

  test('the admission policy guards both namespaces, each for its own service account', () => {
    const policy = findObject(multiTeam, 'ValidatingAdmissionPolicy');
    expect(policy.spec.matchConstraints.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['analytics', 'ds-spark'] },
    ]);
  });
});

test.each(EXAMPLES)('examples/%s: every generated claim is mounted only by applications of its namespace', (example) => {
  const objects = synthObjects(exampleConfig(example));
  expect.hasAssertions();
  for (const app of sparkApps(objects)) {
    for (const role of ['driver', 'executor'] as const) {
      const claims = sparkPodSpec(app, role)
        .volumes.filter((v: any) => v.persistentVolumeClaim)
        .map((v: any) => v.persistentVolumeClaim.claimName);
      expect(claims.filter((name: string) => !inNamespace(objects, 'PersistentVolumeClaim', app.metadata.namespace!, name))).toEqual([]);
    }
  }
});

test("with EKS Pod Identity the service account has no IRSA annotation, and Mountpoint still uses the team's role", () => {
  const objects = podCsiObjectsAfter((c) => (c.teams[0].serviceAccount.eksPodIdentity = true));
  expect(findObject(objects, 'ServiceAccount', 'spark-team-a').metadata.annotations).not.toHaveProperty(['eks.amazonaws.com/role-arn']);
  expect(findObject(objects, 'PersistentVolume').spec.csi.volumeAttributes.authenticationSource).toBe('pod');
});
