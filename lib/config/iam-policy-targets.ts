import { approachOf } from '../approaches/registry';
import { Problem } from './problems';
import { s3Claims } from '../approaches/pod-csi/config/s3-claims';
import { BucketConfig, Config } from './schema';

/**
 * One IAM policy file that synth writes (lib/iam renders its content): named
 * from config names, so the config rules can refuse two that would collide.
 */
export interface IamPolicyTarget {
  /** Path relative to the output directory, `iam/<name>.json`. */
  readonly file: string;
  /** Config path reported when two policies would be written to the same file. */
  readonly configPath: string;
  /** The bucket the policy grants access to. */
  readonly bucket: BucketConfig;
}

/** The node-role policies of the node-level buckets, named by their approach (`nodeRolePolicyNames`). */
function nodeRoleTargets(config: Config): IamPolicyTarget[] {
  return config.buckets.flatMap((bucket, index) =>
    approachOf(bucket)
      .nodeRolePolicyNames(config, bucket)
      .map((name) => ({ file: `iam/${name}.json`, configPath: `buckets[${index}]`, bucket })),
  );
}

/**
 * `iam/<team>-<bucket>.json` for each team's pod-csi claim (for the team's
 * IAM role, or the CSI driver's role when the team has none), and the node
 * role policies of the node-level buckets.
 */
export function iamPolicyTargets(config: Config): IamPolicyTarget[] {
  const claimTargets = s3Claims(config).map((claim) => ({
    file: `iam/${claim.team.name}-${claim.bucket.name}.json`,
    configPath: claim.bucketPath,
    bucket: claim.bucket,
  }));
  return [...claimTargets, ...nodeRoleTargets(config)];
}

/** File names join config names with "-", so distinct entries can meet ("a-b"+"c", "a"+"b-c"). */
export function iamPolicyFileProblems(config: Config): Problem[] {
  const first = new Map<string, string>();
  return iamPolicyTargets(config).flatMap(({ file, configPath }) => {
    const earlier = first.get(file);
    if (earlier === undefined) {
      first.set(file, configPath);
      return [];
    }
    return [
      { path: configPath, message: `its IAM policy would be written to ${file}, which ${earlier} already uses; rename the team or bucket` },
    ];
  });
}
