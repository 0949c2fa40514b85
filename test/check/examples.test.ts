import { passed } from '../../lib/check/check-resources';
import { REPORTERS } from '../../lib/check/report';
import { checkRenderedManifests } from '../../lib/check/rendered-manifests';
import { ADMISSION_POLICY_MIN_KUBERNETES } from '../../lib/approaches/pod-csi/config/pod-csi-rules';
import { Config, KUBERNETES_VERSIONS } from '../../lib/config/schema';
import { admissionPolicyEnabled } from '../../lib/approaches/pod-csi/config/s3-claims';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleTargets } from '../helpers';
import { checkText, reported } from './helpers';

/** The oldest Kubernetes an example's output can run on: the admission policy's API is GA in 1.30. */
function minimumVersion(config: Config): string {
  return admissionPolicyEnabled(config) ? ADMISSION_POLICY_MIN_KUBERNETES : KUBERNETES_VERSIONS[0];
}

const minor = (version: string) => Number(version.split('.')[1]);

describe('what every example synthesizes passes every check on every Kubernetes version it supports', () => {
  const targets = exampleTargets();
  const cases = targets.flatMap((target) => KUBERNETES_VERSIONS.map((version) => [target.label, version, target] as const));
  const supported = cases.filter(([, version, target]) => minor(version) >= minor(minimumVersion(target.config)));
  const tooOld = cases.filter((c) => !supported.includes(c));

  test.each(supported)('%s on Kubernetes %s', (_label, version, target) => {
    expect.hasAssertions();
    const files = synthesize(target.config, undefined, target.environment);
    const report = checkRenderedManifests(files, version);
    expect(passed(report) ? undefined : REPORTERS.text([report])).toBeUndefined();
    // No warnings either (every CEL rule ran), and only the kustomization.yaml files are skipped.
    expect(reported(report)).toEqual([]);
    const kustomizations = [...files.keys()].filter((path) =>
      ['manifests/kustomization.yaml', 'gitops/flux/kustomization.yaml'].includes(path),
    );
    expect(report.findings.filter((f) => f.rule === 'schema/skipped').map((f) => f.resource.file)).toEqual(kustomizations);
  });

  test('every environment of the environments example is checked', () => {
    expect.hasAssertions();
    expect(targets.filter((target) => target.environment !== undefined).map((target) => target.label)).toEqual([
      'environments.yaml (dev)',
      'environments.yaml (prod)',
    ]);
  });

  test('some example needs a newer Kubernetes than the oldest supported', () => {
    expect.hasAssertions();
    expect(tooOld.length).toBeGreaterThan(0);
  });

  test.each(tooOld)('%s on Kubernetes %s fails only for the admission policy, whose API is missing there', (_label, version, target) => {
    expect.hasAssertions();
    const report = checkRenderedManifests(synthesize(target.config, undefined, target.environment), version);
    expect(passed(report)).toBe(false);
    expect(reported(report).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(
      [
        'schema/missing ValidatingAdmissionPolicy/spark-s3-jars-s3-claims',
        'schema/missing ValidatingAdmissionPolicyBinding/spark-s3-jars-s3-claims',
      ].map((line) => line.replace('spark-s3-jars', target.config.chart.name)),
    );
  });
});

describe('Kubernetes versions', () => {
  const podLevelResources = `apiVersion: v1
kind: Pod
metadata: {name: sized, namespace: default}
spec:
  resources: {limits: {cpu: "2", memory: 4Gi}}
  containers: [{name: main, image: busybox:1.36}]
`;

  test('a field that only exists in newer Kubernetes (pod-level resources, 1.32) fails for an older version', () => {
    expect(reported(checkText(podLevelResources, '1.31'))).toEqual(['schema/additionalProperties Pod/default/sized /spec/resources']);
  });

  test('the same manifest is valid for the version that introduced the field', () => {
    expect(reported(checkText(podLevelResources, '1.32'))).toEqual([]);
  });
});
