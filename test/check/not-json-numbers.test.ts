import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool, tempDir } from '../helpers';
import { checkText } from './helpers';

/** A SparkApplication whose driver pod template (which its CRD keeps unchecked) holds `value` as a node label. */
function application(value: string): string {
  return `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: etl
  namespace: spark
spec:
  type: Scala
  mode: cluster
  sparkVersion: 3.5.3
  mainClass: com.acme.Main
  mainApplicationFile: local:///opt/app.jar
  driver:
    template:
      spec:
        nodeSelector:
          pool: ${value}
`;
}

/** What real `kubectl kustomize` prints on standard error for a kustomization of that one file, and its exit status. */
function kustomize(text: string): { status: number | null; stderr: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'app.yaml'), text);
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- app.yaml\n');
  const result = spawnSync(requireTool('kubectl'), ['kustomize', dir], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe("YAML's not-a-number and infinities, which JSON cannot hold", () => {
  test.each(['.nan', '.inf', '-.inf'])('%s anywhere makes the document unreadable, as kubectl refuses the file', (value) => {
    expect.hasAssertions();
    const report = checkText(application(value));
    const real = kustomize(application(value));
    expect([real.status, real.stderr.includes('json: unsupported value'), report.loadErrors]).toEqual([
      1,
      true,
      [
        expect.objectContaining({
          message: expect.stringMatching(/^document 1: \/spec\/driver\/template\/spec\/nodeSelector\/pool: .*JSON cannot hold/),
        }),
      ],
    ]);
  });

  test('quoted, the same text is a string that kubectl sends and check reads', () => {
    expect.hasAssertions();
    expect([kustomize(application('".nan"')).status, checkText(application('".nan"')).loadErrors]).toEqual([0, []]);
  });
});
