import { Problem } from '../config/problems';
import { poolsMounting } from '../config/node-pools';
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

/** The policy a node IAM role needs for one node-level bucket, as `iam/<name>.json`. */
export function nodeRolePolicyFile(config: Config, bucketIndex: number, name: string): IamPolicyFile {
  return {
    file: `iam/${name}.json`,
    configPath: `buckets[${bucketIndex}]`,
    policy: bucketAccessPolicy(config, config.buckets[bucketIndex]),
  };
}

/**
 * One policy per node role and node-level bucket: the DaemonSet mounts on
 * whatever nodes its teams run on, so `node-<bucket>` is for the role of
 * those nodes; a node-userdata bucket is mounted by each pool that lists it,
 * and each pool's EC2NodeClass has its own role, so `<pool>-<bucket>`.
 */
function nodeRolePolicyFiles(config: Config): IamPolicyFile[] {
  return config.buckets.flatMap((bucket, index) => {
    switch (bucket.mount.approach) {
      case 'node-daemonset':
        return [nodeRolePolicyFile(config, index, `node-${bucket.name}`)];
      case 'node-userdata':
        return poolsMounting(config, bucket.name).map((pool) => nodeRolePolicyFile(config, index, `${pool.name}-${bucket.name}`));
      case 'pod-csi':
        return [];
    }
  });
}

/**
 * `iam/<team>-<bucket>.json` for each team's pod-csi claim (for the team's
 * IAM role, or the CSI driver's role when the team has none), and the node
 * role policies of the node-level buckets.
 */
export function iamPolicyFiles(config: Config): IamPolicyFile[] {
  const claimPolicies = s3Claims(config).map((claim) => ({
    file: `iam/${claim.team.name}-${claim.bucket.name}.json`,
    configPath: claim.bucketPath,
    policy: bucketAccessPolicy(config, claim.bucket),
  }));
  return [...claimPolicies, ...nodeRolePolicyFiles(config)];
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
