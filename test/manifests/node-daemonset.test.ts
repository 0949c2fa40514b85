import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleConfig, findObject, sparkContainer, sparkPodSpec, synthObjects, tempDir } from '../helpers';

const config = exampleConfig('node-daemonset.yaml');
const objects = synthObjects(config);
const daemonSet = findObject(objects, 'DaemonSet');
const podSpec = daemonSet.spec.template.spec;
const container = podSpec.containers[0];
const app = findObject(objects, 'SparkApplication', 'taxi-trip');

describe('node-daemonset manifests (the default config)', () => {
  test('the DaemonSet lives in its own privileged system namespace, not a team namespace', () => {
    const namespace = findObject(objects, 'Namespace', daemonSet.metadata.namespace);
    expect(daemonSet.metadata.namespace).toBe('mountpoint-s3');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('the DaemonSet reads the script from the ConfigMap it mounts', () => {
    const configMap = findObject(objects, 'ConfigMap');
    const volume = podSpec.volumes.find((v: any) => v.configMap);
    const mount = container.volumeMounts.find((m: any) => m.name === volume.name);
    const [key] = Object.keys(configMap.data);
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    expect(configMap.metadata.namespace).toBe(daemonSet.metadata.namespace);
    expect(container.command.join(' ')).toContain(`3<${mount.mountPath}/${key}`);
  });

  test('the container runs a script longer than the longest argument Linux passes (128 KiB)', () => {
    expect.hasAssertions();
    // The ConfigMap's folder is a temporary one, and a stand-in nsenter runs what follows its "--"
    // (entering the host's namespaces is not what this test is about): bash and exec are real.
    const dir = tempDir();
    const configMap = findObject(objects, 'ConfigMap');
    const [key] = Object.keys(configMap.data);
    const mountPath = container.volumeMounts.find((m: any) => m.name === 'script').mountPath;
    writeFileSync(join(dir, key), `#!/usr/bin/env bash\n# ${'x'.repeat(200 * 1024)}\necho "ran with $# arguments"\n`);
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'nsenter'), '#!/bin/bash\nwhile [[ $1 != -- ]]; do shift; done\nshift\nexec "$@"\n', { mode: 0o755 });
    const [shell, flag, script] = container.command;
    const result = spawnSync(shell, [flag, script.split(mountPath).join(dir)], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
    });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'ran with 0 arguments\n',
      stderr: '',
    });
  });

  test('the script mounts the bucket at the configured path with its flags', () => {
    const script: string = Object.values(findObject(objects, 'ConfigMap').data)[0] as string;
    expect(script).toContain("'my-spark-jars'");
    expect(script).toContain("'/mnt/s3/jars'");
    expect(script).toContain("'--prefix' 'jars/'");
    expect(script).toContain("'--read-only'");
    expect(script).toContain("'--metadata-ttl' 'indefinite'");
  });

  test('the pod template carries a digest of the script, so a new script rolls the DaemonSet', () => {
    const annotations = daemonSet.spec.template.metadata.annotations;
    expect(annotations['mountpoint-s3-spark/script-sha256']).toMatch(/^[a-f0-9]{64}$/);
  });

  test('the container is privileged without the allowPrivilegeEscalation clash', () => {
    expect(container.securityContext).toEqual({ privileged: true });
  });

  test('only the host PID namespace is shared', () => {
    expect(podSpec.hostPID).toBe(true);
    expect(podSpec.hostNetwork).toBeUndefined();
    expect(podSpec.hostIPC).toBeUndefined();
  });

  test('readiness checks every mount path on the host', () => {
    const command: string[] = container.readinessProbe.exec.command;
    expect(command.slice(0, 5)).toEqual(['nsenter', '--target', '1', '--mount', '--']);
    expect(command.slice(-1)).toEqual(['/mnt/s3/jars']);
  });

  test('it is node-critical, sized, pinned and rolled one node at a time', () => {
    expect(podSpec.priorityClassName).toBe('system-node-critical');
    expect(container.resources.requests).toEqual({ cpu: '10m', memory: '32Mi' });
    expect(container.resources.limits).toEqual({ memory: '128Mi' });
    expect(container.image).toMatch(/:[0-9][^:]*$/);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('the DaemonSet runs exactly on the Spark nodes: affinity and tolerations match the pods', () => {
    const terms = podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    const selector = sparkPodSpec(app, 'driver').nodeSelector;
    expect(terms).toEqual([
      {
        matchExpressions: Object.entries(selector)
          .sort()
          .map(([key, value]) => ({ key, operator: 'In', values: [value] })),
      },
    ]);
    expect(podSpec.tolerations).toEqual(sparkPodSpec(app, 'driver').tolerations);
    expect(sparkPodSpec(app, 'executor').tolerations).toEqual(sparkPodSpec(app, 'driver').tolerations);
    expect(sparkPodSpec(app, 'executor').nodeSelector).toEqual(selector);
  });

  test('selector labels match the pod template labels', () => {
    const labels = daemonSet.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(daemonSet.spec.selector.matchLabels)) expect(labels[key]).toBe(value);
  });

  test('every object has the recommended labels', () => {
    for (const object of objects) {
      expect(object.metadata.labels).toEqual(
        expect.objectContaining({
          'app.kubernetes.io/name': expect.any(String),
          'app.kubernetes.io/instance': 'spark-s3-jars',
          'app.kubernetes.io/version': '1.23.0',
          'app.kubernetes.io/managed-by': 'mountpoint-s3-spark',
        }),
      );
    }
  });
});

describe('SparkApplication wired to the node mount', () => {
  test('hostPath = mount path = class path = main file, all in the pod templates', () => {
    for (const role of ['driver', 'executor'] as const) {
      expect(sparkPodSpec(app, role).volumes).toEqual([{ name: 's3-jars', hostPath: { path: '/mnt/s3/jars', type: 'Directory' } }]);
      expect(sparkContainer(app, role).volumeMounts).toEqual([
        { name: 's3-jars', mountPath: '/mnt/s3/jars', readOnly: true, mountPropagation: 'HostToContainer' },
      ]);
    }
    const classPath = '/mnt/s3/jars/hadoop-aws-3.3.4.jar:/mnt/s3/jars/aws-java-sdk-bundle-1.12.262.jar';
    expect(app.spec.sparkConf['spark.driver.extraClassPath']).toBe(classPath);
    expect(app.spec.sparkConf['spark.executor.extraClassPath']).toBe(classPath);
    expect(app.spec.mainApplicationFile).toBe('local:///mnt/s3/jars/pyspark-taxi-trip.py');
  });

  test('mounted jars are on the class path only, not fetched and copied again as deps.jars', () => {
    expect.hasAssertions();
    expect(app.spec.deps).toBeUndefined();
  });

  test('volumes and mounts live only in the pod templates, where the webhook cannot add them twice', () => {
    expect.hasAssertions();
    expect(app.spec.volumes).toBeUndefined();
    expect([app.spec.driver.volumeMounts, app.spec.executor.volumeMounts]).toEqual([undefined, undefined]);
  });

  test('executors run as a service account of their own with the IAM role and no RBAC binding', () => {
    expect.hasAssertions();
    const executors = findObject(objects, 'ServiceAccount', 'spark-executor');
    expect(app.spec.executor.serviceAccount).toBe('spark-executor');
    expect(executors.metadata.annotations).toMatchObject({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/spark-team-a' });
    const subjects = objects.filter((o) => o.kind === 'RoleBinding').flatMap((b) => b.subjects.map((s: any) => s.name));
    expect(subjects).not.toContain('spark-executor');
  });

  test('it runs as the team service account, which exists with its IAM role and driver RBAC', () => {
    const account = findObject(objects, 'ServiceAccount', 'spark-team-a');
    const binding = findObject(objects, 'RoleBinding', 'spark-driver');
    expect(app.spec.driver.serviceAccount).toBe('spark-team-a');
    expect(account.metadata.namespace).toBe(app.metadata.namespace);
    expect(account.metadata.annotations).toMatchObject({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/spark-team-a' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'spark-team-a', namespace: 'spark-team-a' }]);
    expect(binding.roleRef.name).toBe(findObject(objects, 'Role', 'spark-driver').metadata.name);
  });

  test('the driver role grants what the driver needs and no wildcard', () => {
    const role = findObject(objects, 'Role', 'spark-driver');
    const grants = role.rules.flatMap((r: any) => r.resources.map((res: string) => `${res}:${r.verbs.join(',')}`));
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pods:.*create.*delete.*watch/),
        expect.stringMatching(/^configmaps:/),
        expect.stringMatching(/^services:/),
      ]),
    );
    expect(JSON.stringify(role.rules)).not.toContain('*');
  });

  test('pods run as the non-root spark user with no privileges', () => {
    for (const role of ['driver', 'executor'] as const) {
      expect(sparkPodSpec(app, role).securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 185 }));
      expect(sparkContainer(app, role).securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  test('sizing and pass-through settings come from the config', () => {
    expect(app.spec.driver).toEqual(expect.objectContaining({ cores: 1, coreLimit: '1200m', memory: '4g' }));
    expect(app.spec.executor).toEqual(expect.objectContaining({ cores: 1, memory: '4g', instances: 4 }));
    expect(app.spec.arguments).toEqual(['s3a://my-spark-data/taxi-trip/input/', 's3a://my-spark-data/taxi-trip/output/']);
    expect(app.spec.sparkConf['spark.kubernetes.executor.podNamePrefix']).toBe('taxi-trip');
  });
});
