import { checkResources } from '../../lib/check/check-resources';
import { addText, LoadedInput } from '../../lib/check/load-resources';
import { checkRenderedFiles } from '../../lib/cli/check';
import { KUBERNETES_VERSIONS } from '../../lib/config/schema';
import { synthesize } from '../../lib/synth/synthesize';
import { EXAMPLES, exampleConfig } from '../helpers';
import { checkText, reported } from './helpers';

describe('what every example synthesizes passes every check on every supported Kubernetes version', () => {
  const cases = EXAMPLES.flatMap((example) => KUBERNETES_VERSIONS.map((version) => [example, version] as const));
  test.each(cases)('%s on Kubernetes %s', (example, version) => {
    const files = synthesize(exampleConfig(example));
    expect(checkRenderedFiles(files, version)?.text).toBeUndefined();
    // No warnings either (every CEL rule ran), and only kustomization.yaml is skipped.
    const input: LoadedInput = { resources: [], errors: [] };
    for (const [path, text] of files) addText(input, path, text);
    const report = checkResources(input.resources, { kubernetesVersion: version });
    expect(reported(report)).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'schema/skipped').map((f) => f.resource.file)).toEqual(['manifests/kustomization.yaml']);
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
