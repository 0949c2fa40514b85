import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { nodeDaemonSetBuckets, nodeDaemonSetScript } from '../../lib/approaches/node-daemonset/config/node-script';
import { NodeMountChart } from '../../lib/approaches/node-daemonset/chart';
import { validateConfig } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { toYaml } from '../../lib/rendered-files';
import { CONFIG_MAP_MAX_BYTES } from '../../lib/size-limits';
import { checkText, reported } from '../check/helpers';
import { problemsOf, runCli, tempDir } from '../helpers';

// The node DaemonSet's ConfigMap holds one script that mounts every node-daemonset
// bucket; the API server refuses a ConfigMap over 1 MiB. These configs sit at the
// limit and one byte over it, measured on what the chart emits.

/** A platform of `count` node-daemonset buckets, one team; prefixes padded by `padding` bytes in all. */
function platform(count: number, padding = 0): Record<string, any> {
  const buckets = Array.from({ length: count }, (_, i) => ({
    name: `jars-${i}`,
    bucket: `acme-spark-jars-${i}`,
    prefix: 'jars/',
    mount: { approach: 'node-daemonset', path: `/mnt/s3/jars-${i}` },
  }));
  // Each bucket's prefix appears once in the script: growing it grows the script byte for byte.
  for (let left = padding, i = 0; left > 0; i++) {
    const grow = Math.min(left, 500);
    buckets[i].prefix = `${'j'.repeat(4 + grow)}/`;
    left -= grow;
  }
  return {
    apiVersion: 'mountpoint-s3-spark/v1alpha1',
    kind: 'Config',
    chart: { name: 'spark-platform', version: '1.0.0' },
    cluster: { name: 'analytics', region: 'eu-west-1', kubernetesVersion: '1.31' },
    buckets,
    teams: [{ name: 'team-a', serviceAccount: { iamRoleArn: 'arn:aws:iam::111122223333:role/a' }, buckets: ['jars-0'] }],
  };
}

/** The ConfigMap's size as the API server counts it (the values' bytes; keys are not counted), for a validated config. */
function configMapBytes(config: Config): number {
  return Buffer.byteLength(nodeDaemonSetScript(config, nodeDaemonSetBuckets(config)));
}

/** The bucket count whose ConfigMap is the largest under the limit, and the padding that brings it to `bytes`. */
function sizedPlatform(bytes: number): Record<string, any> {
  let count = 2500;
  const perBucket = configMapBytes(validateConfig(platform(count + 1))) - configMapBytes(validateConfig(platform(count)));
  const base = configMapBytes(validateConfig(platform(count)));
  count += Math.floor((CONFIG_MAP_MAX_BYTES - base) / perBucket) - 1;
  return platform(count, bytes - configMapBytes(validateConfig(platform(count))));
}

/** check's findings on the chart's manifests. */
function checkFindings(config: Config): string[] {
  const chart = new NodeMountChart(new App(), 'node-mount', { config });
  return reported(checkText(toYaml(...chart.toJson()), '1.31'));
}

const atLimit = sizedPlatform(CONFIG_MAP_MAX_BYTES);
const overLimit = sizedPlatform(CONFIG_MAP_MAX_BYTES + 1);
/** The config one byte over, as validation would have returned it: the valid config at the limit, one prefix grown. */
function overLimitConfig(): Config {
  const config = validateConfig(atLimit);
  const bucket = config.buckets[0];
  (bucket as { prefix?: string }).prefix = `j${bucket.prefix}`;
  return config;
}

describe('the node DaemonSet script against the 1 MiB ConfigMap limit', () => {
  test('the configs are measured at exactly the limit and one byte over it', () => {
    expect.hasAssertions();
    expect([configMapBytes(validateConfig(atLimit)), configMapBytes(overLimitConfig())]).toEqual([
      CONFIG_MAP_MAX_BYTES,
      CONFIG_MAP_MAX_BYTES + 1,
    ]);
  });

  test('a script ConfigMap of exactly 1 MiB is valid', () => {
    expect.hasAssertions();
    expect(problemsOf(atLimit)).toEqual([]);
  });

  test('one byte more is refused with the bucket list, the size, the limit and what to do instead', () => {
    expect.hasAssertions();
    const count = overLimit.buckets.length;
    expect(problemsOf(overLimit)).toEqual([
      `buckets: the ConfigMap mountpoint-s3/mountpoint-s3 would be ${CONFIG_MAP_MAX_BYTES + 1} bytes, over the API server's ` +
        `1 MiB (1048576 bytes) ConfigMap limit: it holds the script that mounts all ${count} buckets with mount.approach ` +
        `node-daemonset on every node; mount the buckets that only some teams use with mount.approach pod-csi (each Spark ` +
        `pod then mounts just its own)`,
    ]);
  });

  test('check passes the chart of the config at the limit, warning only that client-side kubectl apply cannot take it', () => {
    expect.hasAssertions();
    expect(checkFindings(validateConfig(atLimit))).toEqual(['client-apply-size ConfigMap/mountpoint-s3/mountpoint-s3']);
  });

  test('check refuses the chart of the config one byte over, as the config rule does', () => {
    expect.hasAssertions();
    expect(checkFindings(overLimitConfig())).toEqual([
      'client-apply-size ConfigMap/mountpoint-s3/mountpoint-s3',
      'configmap-size ConfigMap/mountpoint-s3/mountpoint-s3 /data',
    ]);
  });

  test('validate exits 2 with one line naming the file and the field path', () => {
    expect.hasAssertions();
    const file = join(tempDir(), 'platform.json');
    writeFileSync(file, JSON.stringify(overLimit));
    const result = runCli(['validate', '--config', file]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file}: buckets: the ConfigMap mountpoint-s3/mountpoint-s3 would be 1048577 bytes, over`)),
    ]);
  });
});
