import { MountApproachModule } from '../../mount-approach';
import { hostPathVolume, nodeMountpointSource } from '../../node-level';
import { nodeScriptSizeProblems } from './node-script-rules';

/** One DaemonSet mounts the bucket on the nodes where the teams using it run. */
export const nodeDaemonSetApproach: MountApproachModule = {
  title: 'node DaemonSet',
  overviewStep: (config, bucket) =>
    `DaemonSet ${config.nodeDaemonSet.namespace}/${config.nodeDaemonSet.name} mounts ${bucket.mount.path} on the node`,
  mountpointSource: nodeMountpointSource,
  nodeLevel: true,
  rules: nodeScriptSizeProblems,
  // The DaemonSet mounts on whatever nodes its teams run on: one policy for the role of those nodes.
  nodeRolePolicyNames: (_config, bucket) => [`node-${bucket.name}`],
  podVolume: hostPathVolume,
};
