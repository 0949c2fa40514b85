import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS, ruleAnchor, RULES } from '../../lib/check/rule-registry';
import { checkRenderedManifests } from '../../lib/check/rendered-manifests';
import { CHECK_RULES_REFERENCE_PATH, renderCheckRulesReference } from '../../lib/docs/check-rules-reference';
import { ROOT, runCli } from '../helpers';
import { checkText, describe as describeFinding, reported } from './helpers';

const CORPUS = join(__dirname, 'corpus');
const corpus = (file: string) => readFileSync(join(CORPUS, file), 'utf8');

const SPARK_APP = (name: string, extra = '') => `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata: {name: ${name}, namespace: default}
spec:
  type: Scala
  mode: cluster
  sparkVersion: 3.5.3
  mainClass: org.apache.spark.examples.SparkPi
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
${extra}`;

describe('severity of references', () => {
  test('a ServiceAccount that is not among the checked objects is a warning that says to make sure it exists', () => {
    expect.hasAssertions();
    const [f] = checkText(corpus('service-account-ref.yaml')).findings.filter((x) => x.rule === 'service-account-ref');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('ServiceAccount spark-team-a/spark is not among the checked objects — make sure it exists in the cluster');
  });

  test('with strictReferences it is an error, without the advice', () => {
    expect.hasAssertions();
    const [f] = checkText(corpus('service-account-ref.yaml'), '1.30', 'x.yaml', { strictReferences: true }).findings.filter(
      (x) => x.rule === 'service-account-ref',
    );
    expect([f.severity, f.message]).toEqual(['error', 'ServiceAccount spark-team-a/spark is not among the checked objects']);
  });

  test('a PersistentVolume that IS in the set but reserved for another claim stays an error without strictReferences', () => {
    expect.hasAssertions();
    const [f] = checkText(corpus('pv-pvc-claim-ref.yaml')).findings.filter(
      (x) => x.rule === 'pv-pvc' && x.resource.object.kind === 'PersistentVolumeClaim',
    );
    expect([f.severity, f.message]).toEqual(['error', 'PersistentVolume "s3-jars-team-a" is reserved for claim spark-team-b/s3-jars']);
  });

  test('a claim whose volume is not among the checked objects is only a warning', () => {
    expect.hasAssertions();
    const [f] = checkText(corpus('pv-pvc-volume-name.yaml')).findings.filter((x) => x.rule === 'pv-pvc');
    expect(f.severity).toBe('warning');
  });

  test('a NodePool whose EC2NodeClass is in the set under another group is an error; one missing from the set a warning', () => {
    expect.hasAssertions();
    const missing = checkText(corpus('nodeclass-ref.yaml')).findings.filter((f) => f.rule === 'nodeclass-ref');
    expect(missing.map((f) => f.severity)).toEqual(['warning']);
    const wrongGroup = corpus('nodeclass-ref.yaml').replace(
      'group: karpenter.k8s.aws, kind: EC2NodeClass, name: spark-nodes',
      'group: karpenter.azure.com, kind: EC2NodeClass, name: spark',
    );
    const [f] = checkText(wrongGroup).findings.filter((x) => x.rule === 'nodeclass-ref');
    expect([f.severity, f.message]).toEqual([
      'error',
      'EC2NodeClass "spark" among the checked objects is of group karpenter.k8s.aws, not karpenter.azure.com',
    ]);
  });

  test('synth checks its own output with strict references', () => {
    expect.hasAssertions();
    const files = new Map([
      [
        'manifests/spark.k8s.yaml',
        SPARK_APP('pi', '  driver: {cores: 1, memory: 1g, serviceAccount: nowhere}\n  executor: {cores: 1, instances: 1, memory: 1g}\n'),
      ],
    ]);
    const report = checkRenderedManifests(files, '1.30');
    expect(report.findings.filter((f) => f.rule === 'service-account-ref').map((f) => f.severity)).toEqual(['error']);
  });
});

describe('command-line policy', () => {
  const SA_REF = join(CORPUS, 'service-account-ref.yaml');

  test('warnings alone exit 0 and are marked in the text report', () => {
    expect.hasAssertions();
    const result = runCli(['check', SA_REF]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      ': /spec/driver/serviceAccount: warning: ServiceAccount spark-team-a/spark is not among the checked objects — make sure it exists in the cluster [service-account-ref]',
    );
    expect(result.stdout).toContain('invalid 0, skipped 0, warnings 2');
  });

  test('--warnings-as-errors exits 1 on them', () => {
    expect.hasAssertions();
    expect(runCli(['check', SA_REF, '--warnings-as-errors']).status).toBe(1);
  });

  test('--skip-rules drops a rule’s findings', () => {
    expect.hasAssertions();
    const result = runCli(['check', SA_REF, '--strict-references', '--skip-rules', 'role-ref,service-account-ref']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('[service-account-ref]');
  });

  test('--skip-rules with an unknown id is a usage error that points at --list-rules', () => {
    expect.hasAssertions();
    const result = runCli(['check', SA_REF, '--skip-rules', 'service-acount-ref']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown rule "service-acount-ref" (mountpoint-s3-spark check --list-rules lists them)');
  });

  test('--list-rules prints every rule with its severity, step and doc link', () => {
    expect.hasAssertions();
    const result = runCli(['check', '--list-rules']);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    for (const id of RULE_IDS) {
      expect(lines.find((l) => l.startsWith(`${id} `))).toMatch(
        new RegExp(`^${id.replace('/', '\\/')} +${RULES[id].severity}\\*? +${RULES[id].step} .+ docs/check-rules\\.md#${ruleAnchor(id)}$`),
      );
    }
  });

  test('JUnit failures name the rules that failed', () => {
    expect.hasAssertions();
    const result = runCli(['check', join(CORPUS, 'duplicate-volume.yaml'), '--output', 'junit']);
    expect(result.stdout).toMatch(/<failure message="[^"]*" type="duplicate-volume">/);
  });
});

describe('docs/check-rules.md', () => {
  test('is current: regenerate it with `npm run docs` after changing the registry', () => {
    expect.hasAssertions();
    expect(readFileSync(join(ROOT, CHECK_RULES_REFERENCE_PATH), 'utf8')).toBe(renderCheckRulesReference());
  });

  test('has an anchor and a section for every rule', () => {
    expect.hasAssertions();
    const doc = renderCheckRulesReference();
    for (const id of RULE_IDS) expect(doc).toContain(`<a id="${ruleAnchor(id)}"></a>\n### \`${id}\``);
    expect(new Set(RULE_IDS.map(ruleAnchor)).size).toBe(RULE_IDS.length);
  });
});

describe('the hostPath rule is scoped to S3 mounts', () => {
  const NODE_CLASS = corpus('hostpath-mount.yaml').split('---\n')[1];
  const appWith = (path: string, labels = '') =>
    SPARK_APP(
      'pi',
      `  volumes: [{name: v, hostPath: {path: ${path}, type: Directory}}]\n  driver: {cores: 1, memory: 1g, volumeMounts: [{name: v, mountPath: /data}]}\n  executor: {cores: 1, instances: 1, memory: 1g}\n`,
    ).replace('namespace: default}', `namespace: default${labels}}`);

  test.each(['/local1', '/tmp', '/mnt/k8s-disks/0', '/mnt/s3-cache'])(
    '%s (not below the nodes’ S3 mount root /mnt/s3) is not its business',
    (path) => {
      expect.hasAssertions();
      expect(reported(checkText(`${appWith(path)}---\n${NODE_CLASS}`, '1.30', 'x.yaml', { strictReferences: true }))).toEqual([]);
    },
  );

  test('a path below the mount root that nothing mounts is an error', () => {
    expect.hasAssertions();
    expect(reported(checkText(`${appWith('/mnt/s3/jar')}---\n${NODE_CLASS}`))).toEqual([
      'hostpath-mount SparkApplication/default/pi /spec/volumes/0/hostPath/path',
    ]);
  });

  test('the mount itself and paths below it are fine', () => {
    expect.hasAssertions();
    expect(reported(checkText(`${appWith('/mnt/s3/jars/lib')}---\n${NODE_CLASS}`))).toEqual([]);
  });

  test('every hostPath of a SparkApplication labelled as ours is judged', () => {
    expect.hasAssertions();
    const ours = ', labels: {app.kubernetes.io/managed-by: mountpoint-s3-spark}';
    expect(reported(checkText(`${appWith('/local1', ours)}---\n${NODE_CLASS}`))).toEqual([
      'hostpath-mount SparkApplication/default/pi /spec/volumes/0/hostPath/path',
    ]);
  });
});

describe('long messages are summarised', () => {
  const pools = Array.from(
    { length: 200 },
    (_, i) => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: spark-${i}}
spec:
  template:
    metadata: {labels: {NodeGroupType: spark}}
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: spark}
      requirements: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]
      taints: [{key: spark, value: "true", effect: NoSchedule}]
`,
  );
  const app = SPARK_APP(
    'pi',
    '  driver: {cores: 1, memory: 1g, nodeSelector: {NodeGroupType: spark}}\n  executor: {cores: 1, instances: 1, memory: 1g, nodeSelector: {NodeGroupType: spark}}\n',
  );

  test('200 NodePools that all refuse the executor give one short line', () => {
    expect.hasAssertions();
    const findings = checkText([app, ...pools].join('---\n')).findings.filter((f) => f.rule === 'node-selection');
    expect(findings.map((f) => f.message)).toEqual([
      'no NodePool of 200 can run the driver: 200 taints not tolerated, e.g. spark=true:NoSchedule',
      'no NodePool of 200 can run the executor: 200 taints not tolerated, e.g. spark=true:NoSchedule',
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'error']);
  });

  test('mixed reasons are counted by kind', () => {
    expect.hasAssertions();
    const mixed = [
      app.replace(
        'executor: {cores: 1, instances: 1, memory: 1g, nodeSelector: {NodeGroupType: spark}}',
        'executor: {cores: 1, instances: 1, memory: 1g, nodeSelector: {NodeGroupType: spark, karpenter.sh/capacity-type: spot}, tolerations: [{operator: Exists}]}',
      ),
      ...pools,
    ];
    const [f] = checkText(mixed.join('---\n')).findings.filter((x) => x.rule === 'node-selection' && x.path.startsWith('/spec/executor'));
    expect(f.message).toBe('no NodePool of 200 can run the executor: 200 requirements exclude it, e.g. karpenter.sh/capacity-type=spot');
  });
});

describe('YAML as kubectl reads it (YAML 1.1)', () => {
  test('a 1.1 boolean in a boolean field is that boolean: no finding', () => {
    expect.hasAssertions();
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  hostNetwork: yes\n  containers: [{name: c, image: busybox, stdin: on}]\n';
    expect(reported(checkText(pod))).toEqual([]);
  });

  test('a label value `yes` is a warning with the quoted fix', () => {
    expect.hasAssertions();
    const [f] = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default, labels: {enabled: yes}}\n').findings;
    expect(describeFinding(f)).toBe('yaml11-scalar ConfigMap/default/c /metadata/labels/enabled');
    expect(f.message).toBe(
      'yes is the boolean true for kubectl, Helm and kubeconform (YAML 1.1) but this field is a string: quote it ("yes")',
    );
  });

  test('later rules see the string: the label value is checked as "yes"', () => {
    expect.hasAssertions();
    const report = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default, labels: {enabled: yes}}\n');
    expect(report.resources[0].object.metadata?.labels).toEqual({ enabled: 'yes' });
  });

  test('0755 in an integer field is 493, as kubectl sends it (755 would be out of range for a mode)', () => {
    expect.hasAssertions();
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  containers: [{name: c, image: busybox}]\n  volumes: [{name: v, configMap: {name: c, defaultMode: 0755}}]\n';
    expect(checkText(pod).resources[0].object.spec.volumes[0].configMap.defaultMode).toBe(493);
  });

  test('a quoted "on" and a key named on stay strings without findings', () => {
    expect.hasAssertions();
    const report = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\ndata: {"on": "on", off: "0755"}\n');
    expect(report.findings).toEqual([]);
    expect(report.resources[0].object.data).toEqual({ on: 'on', off: '0755' });
  });
});
