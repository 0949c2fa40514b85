import { S3ClaimAdmissionPolicy, S3ClaimAdmissionPolicyProps } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const MINIMAL: S3ClaimAdmissionPolicyProps = {
  name: 'platform-s3-claims',
  claims: [
    { namespace: 'team-a', claimName: 's3-jars', serviceAccountNames: ['spark', 'spark-executor'] },
    { namespace: 'team-b', claimName: 's3-jars', serviceAccountNames: ['spark'] },
  ],
};
const minimal = () => alone((chart) => new S3ClaimAdmissionPolicy(chart, 'policy', MINIMAL));

describe('S3ClaimAdmissionPolicy', () => {
  test('from minimal props: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) and its binding, of one name', () => {
    const { chart } = minimal();
    expect(objectNames(chart)).toEqual([
      'ValidatingAdmissionPolicy/platform-s3-claims',
      'ValidatingAdmissionPolicyBinding/platform-s3-claims',
    ]);
    expect(objectOfKind(chart, 'ValidatingAdmissionPolicy').apiVersion).toBe('admissionregistration.k8s.io/v1');
  });

  test("the policy fails closed and looks at pods of the claims' namespaces only", () => {
    const { failurePolicy, matchConstraints } = objectOfKind(minimal().chart, 'ValidatingAdmissionPolicy').spec;
    expect([failurePolicy, matchConstraints.namespaceSelector]).toEqual([
      'Fail',
      { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'team-b'] }] },
    ]);
  });

  test('the allowed service accounts of each claim, by namespace, are a CEL literal', () => {
    const variables: Array<{ name: string; expression: string }> = objectOfKind(minimal().chart, 'ValidatingAdmissionPolicy').spec
      .variables;
    expect(JSON.parse(variables.find((v) => v.name === 'allowedByNamespace')!.expression)).toEqual({
      'team-a': { 's3-jars': ['spark', 'spark-executor'] },
      'team-b': { 's3-jars': ['spark'] },
    });
  });

  test('the binding denies what the policy refuses', () => {
    expect(objectOfKind(minimal().chart, 'ValidatingAdmissionPolicyBinding').spec).toEqual({
      policyName: 'platform-s3-claims',
      validationActions: ['Deny'],
    });
  });

  test('its objects are the children Resource (the policy) and Binding', () => {
    expect(childObjects(minimal().construct)).toEqual({
      Resource: 'ValidatingAdmissionPolicy/platform-s3-claims',
      Binding: 'ValidatingAdmissionPolicyBinding/platform-s3-claims',
    });
  });

  test('ApiObject.of(construct) patches the policy', () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct)).toEqual({ 'ValidatingAdmissionPolicy/platform-s3-claims': ['example.com/patched'] });
  });

  test("ApiObject.of(node.findChild('Binding')) patches the binding", () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct.node.findChild('Binding'))).toEqual({
      'ValidatingAdmissionPolicyBinding/platform-s3-claims': ['example.com/patched'],
    });
  });
});
