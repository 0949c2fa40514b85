import { joinPath } from '../../../config/problems';
import { teamNamespace } from '../../../config/resolve';
import { BucketConfig, Config, TeamConfig } from '../../../config/schema';

/** One team's claim on one pod-csi bucket: a PersistentVolume pinned to a PersistentVolumeClaim. */
export interface S3Claim {
  readonly team: TeamConfig;
  readonly teamIndex: number;
  readonly bucket: BucketConfig;
  /** Config path of the team's reference to the bucket, `teams[i].buckets[j]`. */
  readonly bucketPath: string;
  readonly namespace: string;
  readonly claimName: string;
  /** Cluster-unique CSI volume handle; also the PersistentVolume's name. */
  readonly volumeHandle: string;
  /** Config path of the handle when the team set it; absent when derived. */
  readonly volumeHandlePath?: string;
  /** The only service accounts whose pods may mount the claim: the team's Spark drivers and executors. */
  readonly serviceAccountNames: readonly string[];
}

/** The claim of a bucket in any team namespace; unique there because bucket names are unique. */
export function s3ClaimName(bucket: BucketConfig): string {
  return `s3-${bucket.name}`;
}

/**
 * `<namespace>.<bucket>`: namespaces and bucket names are DNS labels (no "."),
 * namespaces are unique per team and bucket names per config, so two derived
 * handles never collide; only handles set in the config can, and a rule refuses that.
 */
export function derivedVolumeHandle(namespace: string, bucket: BucketConfig): string {
  return `${namespace}.${bucket.name}`;
}

/** Every team's claims on pod-csi buckets, in config order. References to unknown buckets are skipped (rules report them). */
export function s3Claims(config: Config): S3Claim[] {
  return config.teams.flatMap((team, teamIndex) => {
    const namespace = teamNamespace(team);
    return team.buckets.flatMap((name, bucketIndex) => {
      const bucket = config.buckets.find((b) => b.name === name);
      if (!bucket || bucket.mount.approach !== 'pod-csi') return [];
      const configured = team.volumeHandles[name];
      return [
        {
          team,
          teamIndex,
          bucket,
          bucketPath: `teams[${teamIndex}].buckets[${bucketIndex}]`,
          namespace,
          claimName: s3ClaimName(bucket),
          volumeHandle: configured ?? derivedVolumeHandle(namespace, bucket),
          volumeHandlePath: configured === undefined ? undefined : joinPath(`teams[${teamIndex}].volumeHandles`, name),
          serviceAccountNames: [team.serviceAccount.name, team.serviceAccount.executorName],
        },
      ];
    });
  });
}

/** Whether the config asks for the admission policy that guards the claims. */
export function admissionPolicyEnabled(config: Config): boolean {
  return config.podCsi.admissionPolicy.enabled && s3Claims(config).length > 0;
}
