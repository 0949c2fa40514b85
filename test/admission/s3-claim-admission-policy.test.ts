import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { operatorPod } from '../../lib/spark/operator-pod';
import { exampleConfig, findObject, sparkSpec, synthObjects } from '../helpers';

/** The policy of the multi-team example: two namespaces, each with its own claim "s3-udfs" and service account. */
const objects = synthObjects(exampleConfig('multi-team.yaml'));
const policy = findObject(objects, 'ValidatingAdmissionPolicy');

interface Verdict {
  allowed: boolean;
  message?: string;
}

/** Runs the policy's CEL through a real CEL implementation (@marcbachmann/cel-js), one request per pod. */
function admit(...requests: Array<{ namespace: string; object: unknown }>): Verdict[] {
  const input = JSON.stringify({ spec: policy.spec, requests: requests.map((r) => ({ operation: 'CREATE', ...r })) });
  const result = spawnSync(process.execPath, [join(__dirname, 'evaluate-policy.mjs')], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Verdict[];
}

function pod(spec: Record<string, unknown>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'apache/spark:3.5.3' }], ...spec },
  };
}

const claimVolume = (claimName: string) => ({ name: 'v', persistentVolumeClaim: { claimName } });

describe('the S3 claim admission policy, evaluated with a CEL library', () => {
  test("the team's own service account may mount its claim", () => {
    expect(admit({ namespace: 'ds-spark', object: pod({ serviceAccountName: 'spark-ds', volumes: [claimVolume('s3-udfs')] }) })).toEqual([
      { allowed: true },
    ]);
  });

  test('another service account of the same namespace is rejected, and the message says who and what', () => {
    const [verdict] = admit({ namespace: 'ds-spark', object: pod({ serviceAccountName: 'notebook', volumes: [claimVolume('s3-udfs')] }) });
    expect(verdict).toEqual({
      allowed: false,
      message: 'service account "notebook" may not mount the S3 claim "s3-udfs" in namespace ds-spark',
    });
  });

  test('a service account allowed in one namespace is not allowed in another', () => {
    const [verdict] = admit({ namespace: 'analytics', object: pod({ serviceAccountName: 'spark-ds', volumes: [claimVolume('s3-udfs')] }) });
    expect(verdict.allowed).toBe(false);
  });

  test('a pod without serviceAccountName runs as "default" and is rejected', () => {
    const [verdict] = admit({ namespace: 'analytics', object: pod({ volumes: [claimVolume('s3-udfs')] }) });
    expect(verdict).toEqual({
      allowed: false,
      message: 'service account "default" may not mount the S3 claim "s3-udfs" in namespace analytics',
    });
  });

  test('the driver and executor pods of every application, built as the operator builds them, are admitted', () => {
    expect.hasAssertions();
    const apps = objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
    const requests = apps.flatMap((app) =>
      (['driver', 'executor'] as const).map((role) => ({
        namespace: app.metadata.namespace!,
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: operatorPod(sparkSpec(app), role, { webhook: false }).spec,
        },
      })),
    );
    expect(requests.map((r) => r.object.spec.serviceAccountName)).toEqual(['spark', 'spark-executor', 'spark-ds', 'spark-executor']);
    expect(admit(...requests)).toEqual(requests.map(() => ({ allowed: true })));
  });

  test('pods without the claim pass, whatever their service account', () => {
    expect(
      admit(
        { namespace: 'analytics', object: pod({ serviceAccountName: 'notebook' }) },
        { namespace: 'analytics', object: pod({ volumes: [{ name: 'scratch', emptyDir: {} }] }) },
        { namespace: 'analytics', object: pod({ serviceAccountName: 'notebook', volumes: [claimVolume('other-claim')] }) },
      ),
    ).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
  });

  test('one forbidden claim among allowed volumes is enough to reject', () => {
    const volumes = [{ name: 'tmp', emptyDir: {} }, claimVolume('s3-udfs')];
    expect(admit({ namespace: 'analytics', object: pod({ serviceAccountName: 'notebook', volumes }) })[0].allowed).toBe(false);
  });

  test('only pods of the team namespaces are looked at, on create and update', () => {
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] },
    ]);
    expect(policy.spec.matchConstraints.namespaceSelector.matchExpressions[0].values).toEqual(['analytics', 'ds-spark']);
    // Were a pod of another namespace ever evaluated, it would pass: no claim of that namespace is guarded.
    expect(admit({ namespace: 'default', object: pod({ volumes: [claimVolume('s3-udfs')] }) })).toEqual([{ allowed: true }]);
  });
});
