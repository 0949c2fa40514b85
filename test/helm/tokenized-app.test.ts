import { createHash } from 'node:crypto';
import { validateConfig } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { withTokenValues } from '../../lib/helm/token-values';
import { buildTokenizedApp, chartObjects } from '../../lib/helm/tokenized-app';
import { defaultConfigData, exampleConfig, exampleTargets, manifestObjectsBothWays, manifestYamlBothWays } from '../helpers';

/*
 * synth builds the cdk8s app once, from the config with its chart values
 * replaced by tokens: the Helm chart's templates come from it, and so do the
 * manifests, with the values put back. These tests hold the manifests to a
 * build of the config itself, which is what they were before.
 */

const { scaleConfig } = require('../../bench/scale-config') as { scaleConfig: (teams: number, mix?: string) => unknown };

function config(data: unknown): Config {
  return validateConfig(data, 'platform.yaml');
}

/**
 * The default example with the chart values no example sets: rpm digests, a
 * cache directory, CPU limit and memory overheads; and the bucket's region
 * spelled out, equal to the cluster's.
 */
function withEveryValue(): Config {
  const data = defaultConfigData();
  data.mountpoint.sha256 = { x86_64: 'a'.repeat(64), arm64: createHash('sha256').update('arm').digest('hex') };
  data.nodeDaemonSet = { resources: { limits: { cpu: '500m' } } };
  data.buckets[0].region = data.cluster.region;
  data.buckets[0].mount.cache.directory = '/var/cache/mountpoint/jars';
  Object.assign(data.sparkApplications[0].driver, { memoryOverhead: '512m' });
  Object.assign(data.sparkApplications[0].executor, { coreLimit: '1200m', memoryOverhead: '1g' });
  return config(data);
}

/** Two buckets on one path each for two teams, with equal prefixes and caches: values that are equal in the config. */
function withEqualValues(): Config {
  const data = defaultConfigData();
  const [jars] = data.buckets;
  data.buckets.push({ ...jars, name: 'more', bucket: 'my-spark-jars-2', mount: { ...jars.mount, path: '/mnt/s3/more' } });
  data.teams[0].buckets.push('more');
  data.sparkApplications[0].deps.bucket = 'jars';
  return config(data);
}

function withBuildMetadata(): Config {
  const data = defaultConfigData();
  data.mountpoint.version = '1.23.0+build.7';
  return config(data);
}

const CONFIGS: Array<[string, () => Config]> = [
  ...exampleTargets().map(({ label, config: target }): [string, () => Config] => [label, () => target]),
  ['30 teams, pod-csi-90 (bench/scale-config.js)', () => config(scaleConfig(30, 'pod-csi-90'))],
  ['30 teams, node-level (bench/scale-config.js)', () => config(scaleConfig(30, 'node-level'))],
  ['every chart value no example sets, and a bucket region equal to the cluster region', withEveryValue],
  ['two buckets with equal prefixes and caches', withEqualValues],
  ['a Mountpoint version with build metadata (1.23.0+build.7: the version label says 1.23.0_build.7)', withBuildMetadata],
];

describe('the manifests from the tokenized app', () => {
  test.each(CONFIGS)('%s: the objects a build of the config itself gives, in the same order, keys in the same order', (_, make) => {
    expect.hasAssertions();
    const { derived, builtItself } = manifestObjectsBothWays(make());
    expect(derived).toBe(builtItself);
  });

  test.each(CONFIGS)('%s: their YAML, written as the values are put back, is that of a build of the config itself', (_, make) => {
    expect.hasAssertions();
    const { written, builtItself } = manifestYamlBothWays(make());
    expect(written).toEqual(builtItself);
  });
});

describe('withTokenValues', () => {
  const target = exampleConfig('pod-csi.yaml');
  const { tokens } = buildTokenizedApp(target);
  const [token, bucket] = [...tokens.byToken].find(([, value]) => value.configPath === 'buckets[0].bucket')!;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  test("the digest of a string holding a value becomes the digest of that string with the value (the DaemonSet's script annotation)", () => {
    expect.hasAssertions();
    const script = `mount ${token} /mnt`;
    expect(withTokenValues({ script, digest: sha256(script) }, tokens, new Set([bucket]), true)).toEqual({
      script: `mount ${bucket.value} /mnt`,
      digest: sha256(`mount ${bucket.value} /mnt`),
    });
  });

  test('writes the new digest where the old one was, deep in lists, and leaves the objects it was given as they were', () => {
    expect.hasAssertions();
    const script = `mount ${token}`;
    const annotations = { digest: sha256(script) };
    const objects = [{ data: { script } }, { spec: { pods: [{ annotations }] } }];
    const given = JSON.stringify(objects);
    expect(withTokenValues(objects, tokens, new Set([bucket]), true)).toEqual([
      { data: { script: `mount ${bucket.value}` } },
      { spec: { pods: [{ annotations: { digest: sha256(`mount ${bucket.value}`) } }] } },
    ]);
    expect(JSON.stringify(objects)).toBe(given);
  });

  test('writes the new digest of each of several texts, wherever the texts are', () => {
    expect.hasAssertions();
    const [first, second] = [`mount ${token}`, `umount ${token} now`];
    const objects = [{ digests: [sha256(second), sha256(first)] }, { first }, { second }];
    expect(withTokenValues(objects, tokens, new Set([bucket]), true)).toEqual([
      { digests: [sha256(`umount ${bucket.value} now`), sha256(`mount ${bucket.value}`)] },
      { first: `mount ${bucket.value}` },
      { second: `umount ${bucket.value} now` },
    ]);
  });

  test('cannot write a value back when the digest of a text holding it is a map key', () => {
    expect.hasAssertions();
    const script = `mount ${token}`;
    expect(withTokenValues({ script, digests: { [sha256(script)]: 'x' } }, tokens, new Set([bucket]), false)).toBeUndefined();
  });

  test('leaves a digest of text without values, and a key named like a digest, as they are', () => {
    expect.hasAssertions();
    const digest = sha256('no values here');
    const objects = { [digest]: digest, name: `${token}` };
    expect(withTokenValues(objects, tokens, new Set([bucket]), true)).toEqual({ [digest]: digest, name: bucket.value });
  });

  test('copies only what holds a value: the rest is the very same objects', () => {
    expect.hasAssertions();
    const untouched = { spec: { replicas: 2, labels: { a: 'b' } } };
    const objects = [untouched, { name: token }];
    const result = withTokenValues(objects, tokens, new Set([bucket]), true) as unknown[];
    expect(result[0]).toBe(untouched);
  });

  test('keeps a __proto__ key an own key of the copy', () => {
    expect.hasAssertions();
    const objects = JSON.parse(`{"__proto__": {"x": 1}, "name": "${token}"}`) as unknown;
    const result = withTokenValues(objects, tokens, new Set([bucket]), true) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__', 'name']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});

describe("the chart's objects", () => {
  test('values in immutable fields become fixed: their tokens are gone, their values stand in the objects', () => {
    expect.hasAssertions();
    const target = exampleConfig('pod-csi.yaml');
    const { tokens, groups } = chartObjects(target, buildTokenizedApp(target));
    const paths = [...tokens.byToken.values()].map((value) => value.configPath);
    expect(paths).not.toContain('buckets[0].bucket');
    expect(JSON.stringify(groups)).toContain('"bucketName":"my-spark-jars"');
  });

  test('when a digest depends on such a value, come from a build without it as a token (not from the shared app)', () => {
    expect.hasAssertions();
    const target = exampleConfig('pod-csi.yaml');
    const app = buildTokenizedApp(target);
    const [token] = [...app.tokens.byToken].find(([, value]) => value.configPath === 'buckets[0].bucket')!;
    const script = `mount ${token}`;
    const marker = { kind: 'ConfigMap', data: { script, digest: createHash('sha256').update(script).digest('hex') } };
    const withDigest = { ...app, groups: [...app.groups, { id: 'extra', objects: [marker] }] };
    const { tokens, groups } = chartObjects(target, withDigest);
    expect(groups.map((group) => group.id)).toEqual(app.groups.map((group) => group.id));
    expect([...tokens.byToken.values()].map((value) => value.configPath)).not.toContain('buckets[0].bucket');
    expect(JSON.stringify(groups)).toContain('"bucketName":"my-spark-jars"');
  });
});
