import { SparkServiceAccount } from '../../lib';
import { alone, childObjects, objectNames, objectOfKind, patchedBy } from './synth';

const minimal = () => alone((chart) => new SparkServiceAccount(chart, 'sa', { namespace: 'team-a', name: 'spark' }));

describe('SparkServiceAccount', () => {
  test('from minimal props: one ServiceAccount, without annotations', () => {
    const { chart } = minimal();
    expect(objectNames(chart)).toEqual(['ServiceAccount/team-a/spark']);
    expect(objectOfKind(chart, 'ServiceAccount').metadata.annotations).toBeUndefined();
  });

  test('iamRoleArn becomes the IRSA annotation', () => {
    const arn = 'arn:aws:iam::111122223333:role/spark';
    const { chart } = alone((scope) => new SparkServiceAccount(scope, 'sa', { namespace: 'a', name: 's', iamRoleArn: arn }));
    expect(objectOfKind(chart, 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': arn });
  });

  test('labels go on the ServiceAccount', () => {
    const { chart } = alone((scope) => new SparkServiceAccount(scope, 'sa', { namespace: 'a', name: 's', labels: { team: 'a' } }));
    expect(objectOfKind(chart, 'ServiceAccount').metadata.labels).toEqual({ team: 'a' });
  });

  test('name is the name of the ServiceAccount', () => {
    expect(minimal().construct.name).toBe('spark');
  });

  test('its object is the child Resource', () => {
    expect(childObjects(minimal().construct)).toEqual({ Resource: 'ServiceAccount/spark' });
  });

  test('ApiObject.of(construct) patches the ServiceAccount', () => {
    const { chart, construct } = minimal();
    expect(patchedBy(chart, construct)).toEqual({ 'ServiceAccount/spark': ['example.com/patched'] });
  });
});
