/**
 * What every mount approach needs to know about one bucket mount, after the
 * config has been validated and its defaults resolved.
 */
export interface BucketMount {
  /** Config name of the bucket (a Kubernetes name, unique in the config). */
  readonly name: string;
  /** S3 bucket name. */
  readonly bucket: string;
  /** Key prefix ending in `/`; mounts the whole bucket when absent. */
  readonly prefix?: string;
  readonly region: string;
  /** Absolute directory the bucket appears at (host path or container path). */
  readonly path: string;
  readonly readOnly: boolean;
  /** Only meaningful for writable mounts. */
  readonly allowDelete: boolean;
  readonly allowOverwrite: boolean;
  /** Lets users other than the one that mounted read the files (Spark runs as uid 185). */
  readonly allowOther: boolean;
  readonly uid?: number;
  readonly gid?: number;
  /** Octal permission strings such as `0755`. */
  readonly dirMode?: string;
  readonly fileMode?: string;
  /** Local data cache; each mount needs a directory of its own. */
  readonly cache?: { readonly directory: string; readonly maxSizeMiB?: number };
  /** Seconds, `indefinite` or `minimal`. */
  readonly metadataTtl: string;
  /** SSE-KMS key; implies `--sse aws:kms`. */
  readonly kmsKeyArn?: string;
  /** Account ID the bucket must belong to. */
  readonly expectedBucketOwner?: string;
}

/** A pinned Mountpoint release and how to verify the downloaded package. */
export interface MountpointRelease {
  readonly version: string;
  /** Release bucket URL without a trailing slash. */
  readonly baseUrl: string;
  /** How the release rpm is verified (unused for `al2023-repository`, whose packages dnf verifies). */
  readonly verification: GpgVerification | Sha256Verification;
  /**
   * `release`: the rpm from `baseUrl`; `al2023-repository`: Amazon Linux
   * 2023's own `mount-s3` package (binary `/usr/bin/mount-s3`).
   */
  readonly packageSource: 'release' | 'al2023-repository';
}

export interface GpgVerification {
  readonly method: 'gpg';
  /** Full 40-hex-digit fingerprint, no spaces. */
  readonly fingerprint: string;
  readonly keyUrl: string;
}

export interface Sha256Verification {
  readonly method: 'sha256';
  readonly sha256: { readonly x86_64: string; readonly arm64: string };
}
