'use strict';
// A platform of N teams as the scale benchmark sees it: one bucket and one
// SparkApplication per team; most buckets mounted per pod (pod-csi), every
// tenth on the nodes (node-daemonset) for the teams that share Spark nodes.

/** Every NODE_LEVEL_EVERY-th team mounts its bucket on the node. */
const NODE_LEVEL_EVERY = 10;

function bucket(i) {
  const name = `jars-${i}`;
  const nodeLevel = i % NODE_LEVEL_EVERY === 0;
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

/** The config (plain data, JSON-serializable) of a platform with `teams` teams. */
function scaleConfig(teams) {
  const range = Array.from({ length: teams }, (_, i) => i);
  return {
    apiVersion: 'mountpoint-s3-spark/v1alpha1',
    kind: 'Config',
    chart: { name: 'spark-platform', version: '1.0.0' },
    cluster: { name: 'analytics-prod', region: 'eu-west-1', kubernetesVersion: '1.31' },
    buckets: range.map(bucket),
    teams: range.map(team),
    sparkApplications: range.map(sparkApplication),
  };
}

module.exports = { scaleConfig };
