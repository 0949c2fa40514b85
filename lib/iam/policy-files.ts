import { Problem } from '../config/problems';
import { isNodeLevel } from '../config/resolve';
import { BucketConfig, Config } from '../config/schema';
import { s3Claims } from '../csi/s3-claims';
import { RenderedFiles } from '../synth/render';
import { IamPolicyDocument, s3AccessPolicy } from './s3-access-policy';

/** One IAM policy written beside the manifests, and the config entry it comes from. */
export interface IamPolicyFile {
  /** Path relative to the output directory, `iam/<name>.json`. */
  readonly file: string;
  /** Config path reported when two policies would be written to the same file. */
  readonly configPath: string;
  readonly policy: IamPolicyDocument;
}

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
 * The policy a node IAM role needs for one node-level bucket, as `iam/<name>.json`.
 * One call per node role and bucket (today the nodes of every team share
 * one role: `node-<bucket>`; a node pool with its own role adds its own call).
 */
export function nodeRolePolicyFile(config: Config, bucketIndex: number, name: string): IamPolicyFile {
  return {
    file: `iam/${name}.json`,
    configPath: `buckets[${bucketIndex}]`,
    policy: bucketAccessPolicy(config, config.buckets[bucketIndex]),
  };
}

/**
 * `iam/<team>-<bucket>.json` for each team's pod-csi claim (for the team's
 * IAM role, or the CSI driver's role when the team has none), and
 * `iam/node-<bucket>.json` for each node-level bucket (for the node role).
 */
export function iamPolicyFiles(config: Config): IamPolicyFile[] {
  const claimPolicies = s3Claims(config).map((claim) => ({
    file: `iam/${claim.team.name}-${claim.bucket.name}.json`,
    configPath: claim.bucketPath,
    policy: bucketAccessPolicy(config, claim.bucket),
  }));
  const nodePolicies = config.buckets.flatMap((bucket, index) =>
    isNodeLevel(bucket) ? [nodeRolePolicyFile(config, index, `node-${bucket.name}`)] : [],
  );
  return [...claimPolicies, ...nodePolicies];
}

/** File names join config names with "-", so distinct entries can meet ("a-b"+"c", "a"+"b-c"). */
export function iamPolicyFileProblems(config: Config): Problem[] {
  const first = new Map<string, string>();
  return iamPolicyFiles(config).flatMap(({ file, configPath }) => {
    const earlier = first.get(file);
    if (earlier === undefined) {
      first.set(file, configPath);
      return [];
    }
    return [{ path: configPath, message: `its IAM policy would be written to ${file}, which ${earlier} already uses; rename the team or bucket` }];
  });
}

/** Pretty-printed, key order fixed by construction, trailing newline: byte-identical across runs. */
export function renderIamPolicies(config: Config): RenderedFiles {
  return new Map(iamPolicyFiles(config).map(({ file, policy }) => [file, `${JSON.stringify(policy, null, 2)}\n`]));
}
