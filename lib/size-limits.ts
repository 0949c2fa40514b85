/**
 * Size limits of the systems synth's output goes to, read from upstream. The
 * config rules refuse a config whose output would pass one (exit 2, before
 * anything is built) and `check` refuses manifests that pass one: both read
 * the limits here, so they agree at the boundary.
 */

/**
 * The API server's limit on a ConfigMap: the bytes of every value of `data`
 * and `binaryData` (decoded) together; keys are not counted (kubernetes
 * `pkg/apis/core/validation`, `ValidateConfigMap`: `totalSize += len(value)`
 * against `core.MaxSecretSize`, 1 MiB).
 */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/**
 * EC2 user data: 16 KB in raw form, before base64 (EC2 User Guide, "Work
 * with instance user data"; RunInstances and launch templates alike).
 */
export const EC2_USER_DATA_MAX_BYTES = 16 * 1024;

/**
 * Room left in the 16 KB for what Karpenter (v1.14.1,
 * `pkg/providers/amifamily/bootstrap`) puts around an EC2NodeClass's
 * userData before it becomes the launch template's: it re-frames the MIME
 * parts and appends its own NodeConfig part (AL2023; a bootstrap.sh part on
 * AL2) holding the cluster's endpoint, its CA certificate (about 1,490 bytes
 * of base64 for EKS' 2048-bit CA), CIDR, DNS address, the pool's labels and
 * taints. For the node-userdata example's pools (a label, a taint) that
 * adds 2,237 bytes to the userData's own length: a NodeConfig part of 2,301
 * bytes, built as its nodeadm.go builds one with a generated 2048-bit CA and
 * an EKS-style endpoint (not read from a live cluster), less 64 bytes saved
 * by re-framing ours. The other 835 bytes are room for more labels and
 * taints, or a longer endpoint. Not a bound: a pool with very many labels
 * and taints needs more.
 */
export const KARPENTER_USER_DATA_RESERVE_BYTES = 3072;

/** The most bytes an EC2NodeClass's userData may have: Karpenter's merge of it must fit EC2's limit. */
export const EC2_NODE_CLASS_USER_DATA_MAX_BYTES = EC2_USER_DATA_MAX_BYTES - KARPENTER_USER_DATA_RESERVE_BYTES;

/**
 * Why an EC2NodeClass's userData is too large, or undefined when it fits.
 * `verbatim`: Karpenter passes it on as it is (amiFamily Custom), so all of
 * EC2's 16 KB is its own.
 */
export function userDataSizeProblem(userData: string, verbatim = false): string | undefined {
  const bytes = Buffer.byteLength(userData);
  if (verbatim) {
    return bytes <= EC2_USER_DATA_MAX_BYTES
      ? undefined
      : `userData is ${bytes} bytes, over EC2's 16 KB (${EC2_USER_DATA_MAX_BYTES} bytes) user data limit: the launch template would be refused and no node would start`;
  }
  if (bytes <= EC2_NODE_CLASS_USER_DATA_MAX_BYTES) return undefined;
  return (
    `userData is ${bytes} bytes, over the ${EC2_NODE_CLASS_USER_DATA_MAX_BYTES} bytes that fit EC2's 16 KB ` +
    `(${EC2_USER_DATA_MAX_BYTES} bytes) user data limit once Karpenter adds its own ` +
    `${KARPENTER_USER_DATA_RESERVE_BYTES}-byte part: the launch template would be refused and no node would start`
  );
}
