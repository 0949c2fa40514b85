import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../../lib/config/schema';
import { exampleConfig, tempDir } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/** The node-userdata example with `change` applied. */
function configWith(change: (config: Config) => void): Config {
  const config = exampleConfig('node-userdata.yaml');
  change(config);
  return config;
}

const ACTION = '{{ print "INJECTED" }}';

describe('config text in the Helm chart is rendered literally', () => {
  test('a map key holding a template action (EC2NodeClass tags) renders as the same text, not its output', () => {
    expect.hasAssertions();
    const chart = synthChart(
      configWith((c) => {
        (c.nodePools as any)[0].ec2NodeClass.tags[ACTION] = 'x';
      }),
    );
    const rendered = helmTemplate([chart.name, chart.tgz]);
    const nodeClass = rendered.find((o) => o.kind === 'EC2NodeClass' && o.metadata.name === 'spark-amd64-spot');
    expect(Object.keys(nodeClass?.spec.tags)).toContain(ACTION);
    expectSameObjects(rendered, chart.manifests, `${chart.name}-${chart.version}`);
  });

  test("the issue's exploit (a tag key reading a Pod out of the README) adds no object", () => {
    expect.hasAssertions();
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: pwned, namespace: default}\n' +
      "spec: {hostPID: true, containers: [{name: a, image: busybox, command: [nsenter, -t, '1', touch, /PWNED], securityContext: {privileged: true}}]}";
    const chart = synthChart(
      configWith((c) => {
        (c.nodePools as any)[0].ec2NodeClass.tags['{{ index (splitList "@" (.Files.Get "README.md")) 1 }}'] = 'x';
        c.chart.description = `@': x\n---\n${pod}\n---\n# @`;
      }),
    );
    const rendered = helmTemplate([chart.name, chart.tgz]);
    expect(rendered.filter((o) => o.kind === 'Pod')).toEqual([]);
    expectSameObjects(rendered, chart.manifests, `${chart.name}-${chart.version}`);
  });

  test('NOTES.txt prints a description holding template actions as text', () => {
    expect.hasAssertions();
    const description = `${ACTION} {{ fail "x" }}`;
    const chart = synthChart(configWith((c) => (c.chart.description = description)));
    expect(renderNotes(chart.dir)).toContain(`: ${description} (`);
  });
});

/**
 * NOTES.txt as `helm install` prints it (which needs a cluster here): the same
 * text, evaluated by `helm template` as a named template inside a ConfigMap.
 */
function renderNotes(chartDir: string): string {
  const copy = tempDir();
  cpSync(chartDir, copy, { recursive: true });
  const notes = readFileSync(join(copy, 'templates', 'NOTES.txt'), 'utf8');
  writeFileSync(join(copy, 'templates', '_notes-under-test.tpl'), `{{ define "notes-under-test" }}${notes}{{ end }}`);
  writeFileSync(
    join(copy, 'templates', 'notes-under-test.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include "notes-under-test" . | toJson }}\n',
  );
  const [configMap] = helmTemplate(['notes', copy, '--show-only', 'templates/notes-under-test.yaml']);
  return configMap.data.notes as string;
}
