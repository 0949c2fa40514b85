/** What one IAM principal may do with one bucket (or one prefix of it). */
export interface S3Access {
  /** S3 bucket name. */
  readonly bucket: string;
  /** Key prefix ending in `/`; the whole bucket when absent. */
  readonly prefix?: string;
  /** Region of the bucket: picks the ARN partition (aws, aws-cn, aws-us-gov…). */
  readonly region: string;
  readonly readOnly: boolean;
  /** Adds `s3:DeleteObject`; ignored for read-only access. */
  readonly allowDelete: boolean;
  /** SSE-KMS key or alias ARN the objects are encrypted with. @default - no KMS statement */
  readonly kmsKeyArn?: string;
  /** Account that must own the bucket (`s3:ResourceAccount`). @default - any */
  readonly expectedBucketOwner?: string;
}

export interface IamPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: IamPolicyStatement[];
}

/**
 * The least-privilege IAM policy for Mountpoint on one bucket: listing only
 * under the prefix (the `s3:prefix` condition, since ListBucket's resource is
 * the bucket itself), reading only its objects, writing only when writable,
 * and the KMS key only when one is configured. Overwriting needs no action of
 * its own (it is a PutObject), so `allowOverwrite` does not appear here.
 */
export function s3AccessPolicy(access: S3Access): IamPolicyDocument {
  const partition = awsPartition(access.region);
  const bucketArn = `arn:${partition}:s3:::${access.bucket}`;
  const keys = `${access.prefix ?? ''}*`;
  const owner: Conditions = access.expectedBucketOwner ? { StringEquals: { 's3:ResourceAccount': access.expectedBucketOwner } } : {};
  const prefix: Conditions = access.prefix ? { StringLike: { 's3:prefix': keys } } : {};
  const statements: IamPolicyStatement[] = [
    {
      Sid: 'ListObjects',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: bucketArn,
      ...condition({ ...prefix, ...owner }),
    },
    { Sid: 'ReadObjects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${bucketArn}/${keys}`, ...condition(owner) },
  ];
  if (!access.readOnly) {
    statements.push({
      Sid: 'WriteObjects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', ...(access.allowDelete ? ['s3:DeleteObject'] : [])],
      Resource: `${bucketArn}/${keys}`,
      ...condition(owner),
    });
  }
  if (access.kmsKeyArn) {
    statements.push({
      Sid: 'UseObjectKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', ...(access.readOnly ? [] : ['kms:GenerateDataKey'])],
      ...kmsResource(access.kmsKeyArn),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

type Conditions = Record<string, Record<string, string>>;

function condition(conditions: Conditions): Pick<IamPolicyStatement, 'Condition'> {
  return Object.keys(conditions).length ? { Condition: conditions } : {};
}

/**
 * A key ARN is the resource itself. An alias cannot be a resource of
 * Decrypt/GenerateDataKey (IAM evaluates the key it points to), so an alias
 * grants the account's keys in that region only while they carry the alias.
 */
function kmsResource(arn: string): Pick<IamPolicyStatement, 'Resource' | 'Condition'> {
  const alias = /^(arn:[^:]+:kms:[^:]+:[0-9]{12}):(alias\/.+)$/.exec(arn);
  if (!alias) return { Resource: arn };
  return { Resource: `${alias[1]}:key/*`, Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[2] } } };
}

/** The ARN partition of a region: China and GovCloud/ISO regions are not `aws`. */
export function awsPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  return 'aws';
}
