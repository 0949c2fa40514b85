import { MountApproachModule } from '../../mount-approach';
import { checkPodCsiRules } from './pod-csi-rules';
import { s3ClaimName } from './s3-claims';

/** The Mountpoint S3 CSI driver mounts the bucket for each pod, through the team's claim. */
export const podCsiApproach: MountApproachModule = {
  title: 'CSI PersistentVolume',
  overviewStep: (_config, bucket) => `Mountpoint CSI driver PersistentVolume at ${bucket.mount.path}`,
  mountpointSource: () =>
    '- pod-csi buckets: the Mountpoint bundled with the Mountpoint S3 CSI driver (1.22.3 in driver v2.7.0); `mountpoint.version` does not apply to them.' +
    ' Pods of one node that use the same volume with the same options and identity share one Mountpoint pod and its cache.',
  nodeLevel: false,
  rules: checkPodCsiRules,
  // Its IAM policies are per claim (the team's role), not per node role: iam-policy-targets.ts.
  nodeRolePolicyNames: () => [],
  podVolume: (bucket, name) => ({
    volume: { name, persistentVolumeClaim: { claimName: s3ClaimName(bucket), readOnly: bucket.readOnly } },
    mount: { name, mountPath: bucket.mount.path, readOnly: bucket.readOnly },
  }),
};
