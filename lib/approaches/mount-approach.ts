import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Problem } from '../config/problems';
import { BucketConfig, Config } from '../config/schema';

/** How a Spark pod sees one bucket: the pod volume and where it is mounted. */
export interface BucketVolume {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/**
 * What the approach-neutral code needs to know of one mount approach: its
 * config-layer part, in `lib/approaches/<approach>/config/approach.ts`. Its
 * chart is registered in `lib/approaches/charts.ts`; everything else of it
 * (schema part, constructs) lives in its folder too.
 */
export interface MountApproachModule {
  /** Its short name in OVERVIEW.md's tables. */
  readonly title: string;
  /** The step between bucket and namespace in OVERVIEW.md's diagram. */
  overviewStep(config: Config, bucket: BucketConfig): string;
  /** Which Mountpoint serves its buckets, one line of OVERVIEW.md (approaches may share a line). */
  mountpointSource(config: Config): string;
  /** Whether it mounts on the node, reaching the pods as a hostPath (caches and mounts then share the node's paths). */
  readonly nodeLevel: boolean;
  /** Config rules of its own, run on a config that passed the schema. */
  rules(config: Config): Problem[];
  /** The names (`iam/<name>.json`) of the node-role IAM policies a bucket mounted this way needs; none when pods mount it. */
  nodeRolePolicyNames(config: Config, bucket: BucketConfig): string[];
  /** How a Spark pod sees a bucket mounted this way, as the pod volume called `volumeName`. */
  podVolume(bucket: BucketConfig, volumeName: string): BucketVolume;
}
