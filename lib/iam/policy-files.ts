import { iamPolicyTargets } from '../config/iam-policy-targets';
import { BucketConfig, Config } from '../config/schema';
import { RenderedFiles } from '../rendered-files';
import { IamPolicyDocument, s3AccessPolicy } from './s3-access-policy';

/** The least-privilege policy for whoever mounts `bucket` with its configured flags. */
export function bucketAccessPolicy(config: Config, bucket: BucketConfig): IamPolicyDocument {
  return s3AccessPolicy({
    bucket: bucket.bucket,
    prefix: bucket.prefix,
    region: bucket.region ?? config.cluster.region,
    readOnly: bucket.readOnly,
    allowDelete: bucket.allowDelete,
    kmsKeyArn: bucket.kmsKeyArn,
    expectedBucketOwner: bucket.expectedBucketOwner,
  });
}

/**
 * Every policy file of `iamPolicyTargets` (lib/config/iam-policy-targets.ts),
 * pretty-printed, key order fixed by construction, trailing newline:
 * byte-identical across runs.
 */
export function renderIamPolicies(config: Config): RenderedFiles {
  return new Map(
    iamPolicyTargets(config).map(({ file, bucket }) => [file, `${JSON.stringify(bucketAccessPolicy(config, bucket), null, 2)}\n`]),
  );
}
