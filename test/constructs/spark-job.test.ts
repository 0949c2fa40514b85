import { SparkJob, SparkJobProps } from '../../lib';
import { k8s } from '../../lib/constructs/k8s';
import { sparkRestartPolicy } from '../../lib/config/schema-spark';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const MINIMAL: SparkJobProps = {
  name: 'etl',
  namespace: 'team-a',
  type: 'Scala',
  sparkVersion: '3.5.3',
  image: 'apache/spark:3.5.3',
  imagePullPolicy: 'IfNotPresent',
  mainApplicationFile: 'local:///mnt/s3/jars/etl.jar',
  deps: { jars: [], files: [], pyFiles: [] },
  driverServiceAccountName: 'spark',
  executorServiceAccountName: 'spark-executor',
  driver: { cores: 1, memory: '2g' },
  executor: { cores: 2, memory: '4g', instances: 3 },
  volumes: [{ name: 'jars', hostPath: { path: '/mnt/s3/jars', type: 'Directory' } }],
  volumeMounts: [{ name: 'jars', mountPath: '/mnt/s3/jars', readOnly: true }],
};
const withProps = (props: Partial<SparkJobProps>) => alone((chart) => new SparkJob(chart, 'job', { ...MINIMAL, ...props }));
const spec = (props: Partial<SparkJobProps> = {}) => objectOfKind(withProps(props).chart, 'SparkApplication').spec;

/** What cdk8s-plus makes of a Spark pod's typed template spec, which SparkJob's pod templates must equal. */
const typedPodTemplate = (
  container: string,
  { volumes, volumeMounts, tolerations }: { volumes: k8s.Volume[]; volumeMounts: k8s.VolumeMount[]; tolerations: k8s.Toleration[] },
) =>
  k8s.toJson_PodTemplateSpec({
    spec: {
      nodeSelector: { pool: 'jars' },
      tolerations,
      securityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
      containers: [
        { name: container, volumeMounts, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      ],
    },
  });

describe('SparkJob', () => {
  test('from minimal props: one SparkApplication in cluster mode with the application, image and pod sizes', () => {
    const { chart } = withProps({});
    expect(objectNames(chart)).toEqual(['SparkApplication/team-a/etl']);
    expect(objectOfKind(chart, 'SparkApplication').spec).toMatchObject({
      type: 'Scala',
      mode: 'cluster',
      sparkVersion: '3.5.3',
      image: 'apache/spark:3.5.3',
      imagePullPolicy: 'IfNotPresent',
      mainApplicationFile: 'local:///mnt/s3/jars/etl.jar',
      driver: { cores: 1, memory: '2g', serviceAccount: 'spark' },
      executor: { cores: 2, memory: '4g', instances: 3, serviceAccount: 'spark-executor' },
    });
  });

  test("without a restart policy, the config schema's default type", () => {
    expect(spec().restartPolicy).toEqual({ type: sparkRestartPolicy.properties.type.default });
  });

  test('the driver, and only the driver, keeps Karpenter from disrupting its node', () => {
    const { driver, executor } = spec();
    expect([driver.annotations, executor.annotations]).toEqual([{ 'karpenter.sh/do-not-disrupt': 'true' }, undefined]);
  });

  test('volumes, mounts, node selector and tolerations go into both pod templates, and nowhere else', () => {
    const s = spec({ nodeSelector: { pool: 'jars' }, tolerations: [{ key: 'jars', operator: 'Exists' }] });
    const templates = [s.driver.template.spec, s.executor.template.spec];
    expect(templates.map((t) => [t.volumes, t.containers[0].volumeMounts, t.nodeSelector, t.tolerations])).toEqual([
      [MINIMAL.volumes, MINIMAL.volumeMounts, { pool: 'jars' }, [{ key: 'jars', operator: 'Exists' }]],
      [MINIMAL.volumes, MINIMAL.volumeMounts, { pool: 'jars' }, [{ key: 'jars', operator: 'Exists' }]],
    ]);
    expect([s.volumes, s.driver.volumeMounts, s.driver.nodeSelector, s.executor.tolerations]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("each pod template is the JSON cdk8s-plus makes of the typed pod spec, with quantities, CSI attributes and tolerations' seconds", () => {
    expect.hasAssertions();
    const volumes: k8s.Volume[] = [
      ...MINIMAL.volumes,
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Gi') } },
      { name: 'claim', persistentVolumeClaim: { claimName: 'jars', readOnly: true } },
      { name: 'csi', csi: { driver: 's3.csi.aws.com', volumeAttributes: { bucketName: 'b', 'mount-options': '--allow-other' } } },
    ];
    const volumeMounts = [...MINIMAL.volumeMounts, { name: 'scratch', mountPath: '/tmp/x', subPath: 'a' }];
    const tolerations = [
      { key: 'jars', operator: 'Equal', value: 'yes', effect: 'NoExecute', tolerationSeconds: 30 },
      { operator: 'Exists' },
    ];
    const typed = (container: string) => typedPodTemplate(container, { volumes, volumeMounts, tolerations });

    const s = spec({ volumes, volumeMounts, tolerations, nodeSelector: { pool: 'jars' } });

    expect([s.driver.template, s.executor.template]).toStrictEqual([typed('spark-kubernetes-driver'), typed('spark-kubernetes-executor')]);
  });

  test('with CDK8S_DISABLE_SORT set, each pod template keeps the order of keys cdk8s-plus gives the typed pod spec, as main wrote it', () => {
    expect.hasAssertions();
    const typed = (container: string) =>
      typedPodTemplate(container, {
        volumes: [...MINIMAL.volumes],
        volumeMounts: [...MINIMAL.volumeMounts],
        tolerations: [{ key: 'jars', operator: 'Exists' }],
      });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const s = spec({ nodeSelector: { pool: 'jars' }, tolerations: [{ key: 'jars', operator: 'Exists' }] });
      expect([s.driver.template, s.executor.template].map((t) => JSON.stringify(t))).toEqual(
        ['spark-kubernetes-driver', 'spark-kubernetes-executor'].map((c) => JSON.stringify(typed(c))),
      );
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('the pods run as the non-root spark user (185) without privileges, in containers named as the operator names them', () => {
    const { driver, executor } = spec();
    expect([driver.template.spec, executor.template.spec].map((t) => [t.securityContext.runAsUser, t.containers[0]])).toEqual([
      [
        185,
        expect.objectContaining({
          name: 'spark-kubernetes-driver',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }),
      ],
      [
        185,
        expect.objectContaining({
          name: 'spark-kubernetes-executor',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }),
      ],
    ]);
  });

  test('empty lists and maps leave their fields out; given ones pass', () => {
    const given = spec({
      arguments: ['--day', '1'],
      sparkConf: { 'spark.ui.enabled': 'false' },
      deps: { jars: ['s3a://b/x.jar'], files: [], pyFiles: [] },
    });
    expect([spec().arguments, spec().sparkConf, spec().deps, given.arguments, given.sparkConf, given.deps]).toEqual([
      undefined,
      undefined,
      undefined,
      ['--day', '1'],
      { 'spark.ui.enabled': 'false' },
      { jars: ['s3a://b/x.jar'] },
    ]);
  });

  test('dynamic allocation turns on shuffle tracking', () => {
    expect(spec({ dynamicAllocation: { minExecutors: 0, maxExecutors: 10 } }).dynamicAllocation).toEqual({
      enabled: true,
      shuffleTrackingEnabled: true,
      minExecutors: 0,
      maxExecutors: 10,
    });
  });

  test('a schedule makes it a ScheduledSparkApplication whose template is the application spec', () => {
    const schedule = {
      cron: '@daily',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulRunHistoryLimit: 1,
      failedRunHistoryLimit: 2,
    } as const;
    const { chart } = withProps({ schedule });
    const scheduled = objectOfKind(chart, 'ScheduledSparkApplication');
    expect(objectNames(chart)).toEqual(['ScheduledSparkApplication/team-a/etl']);
    expect(scheduled.spec).toMatchObject({
      schedule: '@daily',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulRunHistoryLimit: 1,
      failedRunHistoryLimit: 2,
      template: spec(),
    });
  });

  test.each([
    ['SparkApplication', {}],
    [
      'ScheduledSparkApplication',
      { schedule: { cron: '@daily', concurrencyPolicy: 'Allow', suspend: true, successfulRunHistoryLimit: 0, failedRunHistoryLimit: 0 } },
    ],
  ] as const)('its %s is the child Resource, which ApiObject.of(construct) patches', (kind, props) => {
    const { chart, construct } = withProps(props);
    expect([childObjects(construct), patchedBy(chart, construct)]).toEqual([
      { Resource: `${kind}/etl` },
      { [`${kind}/etl`]: ['example.com/patched'] },
    ]);
  });
});
