import { checkCelRules, CrdSchema } from '../../lib/check/cel-rules';
import { Resource } from '../../lib/check/types';
import { checkText } from './helpers';

function resource(object: Record<string, unknown>): Resource {
  return { file: 'x.yaml', document: 0, object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, ...object } };
}

function celFindings(schema: CrdSchema, object: Record<string, unknown>) {
  return checkCelRules({ resources: [resource(object)], kubernetesVersion: '1.30' }, () => schema).map((f) => [
    f.rule,
    f.severity,
    f.path,
    f.message,
  ]);
}

test('a rule that holds gives no finding; integers reach CEL as ints', () => {
  const schema: CrdSchema = {
    properties: {
      spec: { properties: { size: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.size > 2', message: 'too small' }] },
    },
  };
  expect(celFindings(schema, { spec: { size: 3 } })).toEqual([]);
  expect(celFindings(schema, { spec: { size: 1 } })).toEqual([['cel', 'error', '/spec', 'too small (rule: self.size > 2)']]);
});

test('a failing rule with fieldPath is reported at that field', () => {
  const schema: CrdSchema = {
    properties: { spec: { 'x-kubernetes-validations': [{ rule: "self.mode == 'a'", message: 'bad mode', fieldPath: '.mode' }] } },
  };
  expect(celFindings(schema, { spec: { mode: 'b' } })).toEqual([['cel', 'error', '/spec/mode', "bad mode (rule: self.mode == 'a')"]]);
});

test('a transition rule (oldSelf) is reported as skipped, not evaluated and not an error', () => {
  const schema: CrdSchema = { properties: { spec: { 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] } } };
  expect(celFindings(schema, { spec: {} })).toEqual([
    ['cel/skipped', 'info', '/spec', 'transition rule needs the stored object: self == oldSelf'],
  ]);
});

test('a rule the engine cannot evaluate is reported as not evaluated, never passed silently', () => {
  const schema: CrdSchema = {
    properties: { spec: { 'x-kubernetes-validations': [{ rule: 'isQuantity(self.size)', message: 'quantity' }] } },
  };
  const [finding] = celFindings(schema, { spec: { size: '1Gi' } });
  expect(finding.slice(0, 3)).toEqual(['cel/not-evaluated', 'warning', '/spec']);
  expect(finding[3]).toMatch(/^rule not evaluated \(.+\): isQuantity\(self.size\)$/);
});

test("Karpenter's transition rules are counted as skipped for a valid NodePool", () => {
  const report = checkText(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: spark}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: spark}
      requirements: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]
`);
  const skipped = report.findings.filter((f) => f.rule === 'cel/skipped').map((f) => f.path);
  expect(skipped).toEqual(['/spec', '/spec/template/spec/nodeClassRef', '/spec/template/spec/nodeClassRef']);
});
