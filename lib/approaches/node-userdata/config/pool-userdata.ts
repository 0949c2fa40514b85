import { findBucket, toBucketMount, toMountpointRelease } from '../../../config/resolve';
import { Config, NodePoolConfig } from '../../../config/schema';
import { renderMultipartMixed } from '../../../mime/multipart';
import { withoutCommentLines } from '../../../scripts/comment-lines';
import { renderUserDataScript } from '../../../scripts/userdata-script';

/** Fixed so that the same config always gives the same userData bytes. */
export const USERDATA_BOUNDARY = 'MOUNTPOINT-S3-SPARK-USERDATA';

/**
 * The userData of a pool's EC2NodeClass, undefined when it mounts no bucket:
 * a MIME archive with one shell part (valid for AL2023 and AL2 alike).
 * Karpenter adds its own bootstrap part, so nothing about the node's
 * Kubernetes identity belongs here. The script goes without its comments:
 * they are a third of it, and EC2 takes 16 KB of user data in all (the
 * commented script is in lib/scripts/userdata-script.ts). The chart emits it
 * and the config rules measure it.
 */
export function poolUserData(config: Config, pool: NodePoolConfig): string | undefined {
  if (pool.buckets.length === 0) return undefined;
  const script = renderUserDataScript({
    release: toMountpointRelease(config),
    mounts: pool.buckets.map((name) => toBucketMount(config, findBucket(config, name))),
  });
  return renderMultipartMixed(
    [{ contentType: 'text/x-shellscript; charset="us-ascii"', body: withoutCommentLines(script) }],
    USERDATA_BOUNDARY,
  );
}
