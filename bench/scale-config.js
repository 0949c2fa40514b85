'use strict';
// A platform of N teams as the scale benchmark sees it: one bucket and one
// SparkApplication per team. Two mixes (issue 18): `pod-csi-90`, most buckets
// mounted per pod (pod-csi) and every tenth on the nodes (node-daemonset) for
// the teams that share Spark nodes; `node-level`, every bucket on the nodes
// (one DaemonSet whose script mounts them all).

/** In the pod-csi-90 mix, every NODE_LEVEL_EVERY-th team mounts its bucket on the node. */
const NODE_LEVEL_EVERY = 10;
const MIXES = ['pod-csi-90', 'node-level'];

function bucket(i, mix) {
  const name = `jars-${i}`;
  const nodeLevel = mix === 'node-level' || i % NODE_LEVEL_EVERY === 0;
  return {
    name,
    bucket: `acme-spark-jars-${i}`,
    prefix: 'jars/',
    mount: nodeLevel
      ? { approach: 'node-daemonset', path: `/mnt/s3/${name}` }
      : { approach: 'pod-csi', path: '/mnt/s3/jars', cache: { maxSizeMiB: 2048 } },
  };
}

function team(i) {
  return {
    name: `team-${i}`,
    serviceAccount: { iamRoleArn: `arn:aws:iam::111122223333:role/spark-team-${i}` },
    buckets: [`jars-${i}`],
  };
}

function sparkApplication(i) {
  return {
    name: `etl-${i}`,
    team: `team-${i}`,
    type: 'Scala',
    mainClass: 'com.acme.etl.Main',
    mainApplicationFile: 'etl-assembly-1.0.jar',
    deps: { jars: ['hadoop-aws-3.3.4.jar', 'aws-java-sdk-bundle-1.12.262.jar'] },
    sparkConf: { 'spark.eventLog.enabled': 'true' },
    executor: { instances: 2 + (i % 5), memory: '4g', cores: 2 },
  };
}

/** The config (plain data, JSON-serializable) of a platform with `teams` teams, buckets mounted as `mix` says. */
function scaleConfig(teams, mix = 'pod-csi-90') {
  if (!MIXES.includes(mix)) throw new Error(`unknown mix ${mix}; one of ${MIXES.join(', ')}`);
  const range = Array.from({ length: teams }, (_, i) => i);
  return {
    apiVersion: 'mountpoint-s3-spark/v1alpha1',
    kind: 'Config',
    chart: { name: 'spark-platform', version: '1.0.0' },
    cluster: { name: 'analytics-prod', region: 'eu-west-1', kubernetesVersion: '1.31' },
    buckets: range.map((i) => bucket(i, mix)),
    teams: range.map(team),
    sparkApplications: range.map(sparkApplication),
  };
}

module.exports = { scaleConfig, MIXES };
