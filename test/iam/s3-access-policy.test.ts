import { IamPolicyStatement, s3AccessPolicy, S3Access } from '../../lib/iam/s3-access-policy';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleConfig, textFile } from '../helpers';

const readOnly: S3Access = { bucket: 'my-spark-jars', prefix: 'jars/', region: 'us-west-2', readOnly: true, allowDelete: false };
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** `{ "s3:GetObject": "arn:…" }`: every allowed action and the resource it is allowed on. */
function grants(statements: IamPolicyStatement[]): Record<string, string> {
  return Object.fromEntries(statements.flatMap((s) => s.Action.map((action) => [action, s.Resource])));
}

function statementWith(statements: IamPolicyStatement[], action: string): IamPolicyStatement {
  const found = statements.find((s) => s.Action.includes(action));
  if (!found) throw new Error(`no statement allows ${action}`);
  return found;
}

describe('s3AccessPolicy', () => {
  test('read-only: list under the prefix and get its objects, nothing else', () => {
    const { Version, Statement } = s3AccessPolicy(readOnly);
    expect(Version).toBe('2012-10-17');
    expect(grants(Statement)).toEqual({
      's3:ListBucket': 'arn:aws:s3:::my-spark-jars',
      's3:GetObject': 'arn:aws:s3:::my-spark-jars/jars/*',
    });
    expect(Statement.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  test('listing is scoped to the prefix by the s3:prefix condition, not by the resource', () => {
    expect(statementWith(s3AccessPolicy(readOnly).Statement, 's3:ListBucket').Condition).toEqual({ StringLike: { 's3:prefix': 'jars/*' } });
  });

  test('without a prefix the whole bucket is listed and read', () => {
    const { Statement } = s3AccessPolicy({ ...readOnly, prefix: undefined });
    expect(statementWith(Statement, 's3:ListBucket').Condition).toBeUndefined();
    expect(grants(Statement)['s3:GetObject']).toBe('arn:aws:s3:::my-spark-jars/*');
  });

  test('writable: put and abort multipart uploads under the prefix, but no delete', () => {
    const actions = grants(s3AccessPolicy({ ...readOnly, readOnly: false }).Statement);
    expect(actions['s3:PutObject']).toBe('arn:aws:s3:::my-spark-jars/jars/*');
    expect(actions['s3:AbortMultipartUpload']).toBe('arn:aws:s3:::my-spark-jars/jars/*');
    expect(actions).not.toHaveProperty('s3:DeleteObject');
  });

  test('writable with allowDelete adds s3:DeleteObject under the prefix', () => {
    const actions = grants(s3AccessPolicy({ ...readOnly, readOnly: false, allowDelete: true }).Statement);
    expect(actions['s3:DeleteObject']).toBe('arn:aws:s3:::my-spark-jars/jars/*');
  });

  test('allowDelete on a read-only bucket grants no write action', () => {
    const actions = Object.keys(grants(s3AccessPolicy({ ...readOnly, allowDelete: true }).Statement));
    expect(actions.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  test('no KMS action without a KMS key', () => {
    expect(JSON.stringify(s3AccessPolicy({ ...readOnly, readOnly: false }))).not.toContain('kms:');
  });

  test('a KMS key adds kms:Decrypt on that key for reading', () => {
    const actions = grants(s3AccessPolicy({ ...readOnly, kmsKeyArn: KEY }).Statement);
    expect(actions['kms:Decrypt']).toBe(KEY);
    expect(actions).not.toHaveProperty('kms:GenerateDataKey');
  });

  test('a KMS key on a writable bucket adds kms:GenerateDataKey too', () => {
    const actions = grants(s3AccessPolicy({ ...readOnly, readOnly: false, kmsKeyArn: KEY }).Statement);
    expect(actions['kms:Decrypt']).toBe(KEY);
    expect(actions['kms:GenerateDataKey']).toBe(KEY);
  });

  test('a KMS alias grants the keys that carry the alias', () => {
    const statement = statementWith(
      s3AccessPolicy({ ...readOnly, kmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:alias/spark-jars' }).Statement,
      'kms:Decrypt',
    );
    expect(statement.Resource).toBe('arn:aws:kms:us-west-2:111122223333:key/*');
    expect(statement.Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/spark-jars' } });
  });

  test('an expected bucket owner is required on every S3 statement', () => {
    const { Statement } = s3AccessPolicy({ ...readOnly, readOnly: false, expectedBucketOwner: '111122223333' });
    for (const statement of Statement) {
      expect(statement.Condition?.StringEquals).toEqual({ 's3:ResourceAccount': '111122223333' });
    }
    expect(statementWith(Statement, 's3:ListBucket').Condition?.StringLike).toEqual({ 's3:prefix': 'jars/*' });
  });

  test.each([
    ['cn-north-1', 'arn:aws-cn:s3:::my-spark-jars'],
    ['us-gov-west-1', 'arn:aws-us-gov:s3:::my-spark-jars'],
    ['eu-west-1', 'arn:aws:s3:::my-spark-jars'],
    // The region pattern admits these partitions' regions (-iso[a-z]?).
    ['us-isob-east-1', 'arn:aws-iso-b:s3:::my-spark-jars'],
    ['eu-isoe-west-1', 'arn:aws-iso-e:s3:::my-spark-jars'],
    ['us-isof-south-1', 'arn:aws-iso-f:s3:::my-spark-jars'],
  ])('ARNs in %s use its partition', (region, arn) => {
    expect(grants(s3AccessPolicy({ ...readOnly, region }).Statement)['s3:ListBucket']).toBe(arn);
  });
});

describe('IAM policy files written by synth', () => {
  const files = synthesize(exampleConfig('multi-team.yaml'));
  const iam = [...files.keys()].filter((f) => f.startsWith('iam/'));
  const parse = (file: string) => JSON.parse(textFile(files, file)) as { Statement: IamPolicyStatement[] };

  test('one per team and pod-csi bucket, and one per node-level bucket for the node role', () => {
    expect(iam).toEqual([
      'iam/analytics-udfs.json',
      'iam/data-science-udfs.json',
      'iam/node-shared-jars.json',
      'iam/node-ml-libs.json',
      'iam/node-scratch.json',
    ]);
  });

  test('pretty-printed JSON with a trailing newline', () => {
    for (const file of iam) {
      const text = textFile(files, file);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  test('each file grants what its bucket needs: read-only, writable, KMS', () => {
    expect(Object.keys(grants(parse('iam/analytics-udfs.json').Statement)).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(grants(parse('iam/node-scratch.json').Statement)).toEqual({
      's3:ListBucket': 'arn:aws:s3:::acme-spark-scratch',
      's3:GetObject': 'arn:aws:s3:::acme-spark-scratch/checkpoints/*',
      's3:PutObject': 'arn:aws:s3:::acme-spark-scratch/checkpoints/*',
      's3:AbortMultipartUpload': 'arn:aws:s3:::acme-spark-scratch/checkpoints/*',
    });
    expect(Object.keys(grants(parse('iam/node-ml-libs.json').Statement)).sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
  });

  test('two teams sharing a bucket get equal grants in separate files, one per IAM role', () => {
    expect(files.get('iam/data-science-udfs.json')).toBe(files.get('iam/analytics-udfs.json'));
  });
});

describe('IAM policy files of node-userdata buckets', () => {
  const config = exampleConfig('node-userdata.yaml');
  const files = synthesize(config);

  test("one per node pool that mounts the bucket, for that pool's own node role", () => {
    const expected = config.nodePools.flatMap((pool) => pool.buckets.map((bucket) => `iam/${pool.name}-${bucket}.json`));
    expect(expected.length).toBeGreaterThan(1);
    expect([...files.keys()].filter((f) => f.startsWith('iam/'))).toEqual(expected);
  });
});
