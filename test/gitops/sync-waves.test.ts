import * as yaml from 'js-yaml';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, gitOpsAnnotations, syncStageOf } from '../../lib/sync-waves';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleConfig, findObject, K8sObject, synthObjects, textFile } from '../helpers';

const waveOf = (object: K8sObject): number => Number(object.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);

describe('sync waves', () => {
  const objects = synthObjects(exampleConfig('multi-team.yaml'));

  test('every object in DIR/manifests carries a sync wave', () => {
    expect.hasAssertions();
    expect(objects.filter((o) => !/^\d+$/.test(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] ?? ''))).toEqual([]);
  });

  test('namespaces, service accounts, RBAC and ConfigMaps come before the DaemonSet, and it before SparkApplications', () => {
    expect.hasAssertions();
    const waves = (kinds: string[]) => objects.filter((o) => kinds.includes(o.kind)).map(waveOf);
    const foundation = waves(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap']);
    const mounts = waves(['DaemonSet']);
    const applications = waves(['SparkApplication']);
    expect(foundation.length).toBeGreaterThan(0);
    expect(mounts.length).toBeGreaterThan(0);
    expect(applications.length).toBeGreaterThan(0);
    expect(Math.max(...foundation)).toBeLessThan(Math.min(...mounts));
    expect(Math.max(...mounts)).toBeLessThan(Math.min(...applications));
  });

  test.each([
    'PersistentVolume',
    'PersistentVolumeClaim',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'NodePool',
    'EC2NodeClass',
  ])('%s is in the same stage as the DaemonSet', (kind) => {
    expect.hasAssertions();
    expect(syncStageOf(kind)).toEqual(syncStageOf('DaemonSet'));
  });

  test.each(['SparkApplication', 'NodePool', 'EC2NodeClass'])(
    '%s (CRD installed by another chart) skips the dry run while its CRD is missing',
    (kind) => {
      expect.hasAssertions();
      expect(gitOpsAnnotations(kind)[SYNC_OPTIONS_ANNOTATION]).toBe('SkipDryRunOnMissingResource=true');
    },
  );

  test('built-in kinds do not skip the dry run', () => {
    expect.hasAssertions();
    const crdKinds = ['SparkApplication', 'ScheduledSparkApplication'];
    expect(
      objects.filter((o) => !crdKinds.includes(o.kind) && o.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]?.includes('SkipDryRun')),
    ).toEqual([]);
    expect(findObject(objects, 'SparkApplication').metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).toBe(
      'SkipDryRunOnMissingResource=true',
    );
  });

  test('every Namespace, and nothing else, is kept by Argo CD and Flux when it leaves the config or its Application / Kustomization is deleted', () => {
    expect.hasAssertions();
    const protectedObjects = objects.filter((o) => o.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'] === 'disabled');
    expect(protectedObjects.map((o) => o.kind)).toEqual(objects.filter((o) => o.kind === 'Namespace').map(() => 'Namespace'));
    expect(protectedObjects.length).toBeGreaterThan(1);
    for (const namespace of protectedObjects)
      expect(namespace.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false,Delete=false');
  });

  test('a kind without a stage is an error that names the table to extend', () => {
    expect.hasAssertions();
    expect(() => syncStageOf('CronJob')).toThrow('kind CronJob has no sync stage: add it to SYNC_STAGES in lib/sync-waves.ts');
  });

  test('existing annotations are kept', () => {
    expect.hasAssertions();
    const account = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'spark');
    expect(account?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/spark-analytics');
  });
});

describe('DIR/manifests/kustomization.yaml', () => {
  const files = synthesize(exampleConfig('multi-team.yaml'));
  const kustomization = yaml.load(textFile(files, 'manifests/kustomization.yaml')) as Record<string, any>;

  test('still lists every manifest file, for kubectl apply -k', () => {
    expect.hasAssertions();
    const manifests = [...files.keys()].filter((path) => path.startsWith('manifests/') && path.endsWith('.k8s.yaml'));
    expect(kustomization.resources.map((file: string) => `manifests/${file}`).sort()).toEqual(manifests.sort());
  });

  test('sorts objects by stage, so kubectl apply -k sends them in wave order', () => {
    expect.hasAssertions();
    const { orderFirst, orderLast } = kustomization.sortOptions.legacySortOptions;
    expect(kustomization.sortOptions.order).toBe('legacy');
    const position = (kind: string) => [...orderFirst, '(unlisted)', ...orderLast].indexOf(kind);
    const byWave = [...orderFirst, ...orderLast].map((kind: string) => syncStageOf(kind).wave);
    expect(byWave).toEqual([...byWave].sort((a, b) => a - b));
    expect(position('ConfigMap')).toBeLessThan(position('DaemonSet'));
    expect(position('DaemonSet')).toBeLessThan(position('SparkApplication'));
  });
});
