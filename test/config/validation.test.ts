import { loadConfigText } from '../../lib/config/load';
import { defaultConfigData, problemsOf, startsWith } from '../helpers';

/** Applies `change` to the default config and returns its problems. */
function problemsAfter(change: (config: Record<string, any>) => void): string[] {
  const data = defaultConfigData();
  change(data);
  return problemsOf(data);
}

describe('config validation', () => {
  test('the default config is valid', () => {
    expect(problemsOf(defaultConfigData())).toEqual([]);
  });

  describe.each<[string, (c: Record<string, any>) => void, string]>([
    ['unknown top-level key, with a suggestion', (c) => (c.bucket = []), 'bucket: unknown key "bucket" (did you mean "buckets"?)'],
    [
      'unknown nested key, with a suggestion',
      (c) => (c.buckets[0].mount.pth = '/x'),
      'buckets[0].mount.pth: unknown key "pth" (did you mean "path"?)',
    ],
    ['unknown key without a close match', (c) => (c.teams[0].zzzzzzzz = 1), 'teams[0].zzzzzzzz: unknown key "zzzzzzzz"'],
    ['wrong type', (c) => (c.buckets[0].readOnly = 'yes'), 'buckets[0].readOnly: must be boolean'],
    [
      'wrong type in an array',
      (c) => (c.sparkApplications[0].executor.instances = 'four'),
      'sparkApplications[0].executor.instances: must be integer',
    ],
    ['missing required field', (c) => delete c.buckets[0].bucket, 'buckets[0].bucket: is required'],
    ['missing required section', (c) => delete c.cluster, 'cluster: is required'],
    ['wrong apiVersion', (c) => (c.apiVersion = 'v1'), 'apiVersion: must be "mountpoint-s3-spark/v1alpha1"'],
    ['unquoted Kubernetes version', (c) => (c.cluster.kubernetesVersion = 1.3), 'cluster.kubernetesVersion: must be one of 1.28'],
    [
      'bucket name with upper case',
      (c) => (c.buckets[0].bucket = 'My-Bucket'),
      'buckets[0].bucket: an S3 bucket name may contain only lower-case letters',
    ],
    ['bucket name too short', (c) => (c.buckets[0].bucket = 'ab'), 'buckets[0].bucket: an S3 bucket name must be 3 to 63 characters long'],
    [
      'bucket name with adjacent periods',
      (c) => (c.buckets[0].bucket = 'my..jars'),
      'buckets[0].bucket: an S3 bucket name must not contain two adjacent periods',
    ],
    [
      'bucket name shaped like an IP address',
      (c) => (c.buckets[0].bucket = '10.0.0.1'),
      'buckets[0].bucket: an S3 bucket name must not look like an IP address',
    ],
    [
      'bucket name with a reserved prefix',
      (c) => (c.buckets[0].bucket = 'xn--jars'),
      'buckets[0].bucket: an S3 bucket name must not start with "xn--"',
    ],
    [
      'bucket name with a reserved suffix',
      (c) => (c.buckets[0].bucket = 'jars-s3alias'),
      'buckets[0].bucket: an S3 bucket name must not end with "-s3alias"',
    ],
    ['prefix without trailing slash', (c) => (c.buckets[0].prefix = 'jars'), 'buckets[0].prefix: a prefix must end with "/"'],
    [
      'prefix that could break out of quoting',
      (c) => (c.buckets[0].prefix = "jars'$(reboot)/"),
      'buckets[0].prefix: a prefix may contain only',
    ],
    ['relative mount path', (c) => (c.buckets[0].mount.path = 'mnt/s3/jars'), 'buckets[0].mount.path: must be an absolute path'],
    [
      'mount path with a shell metacharacter',
      (c) => (c.buckets[0].mount.path = '/mnt/s3/$(id)'),
      'buckets[0].mount.path: a path may contain only',
    ],
    [
      'mount path with a name longer than Linux allows (NAME_MAX)',
      (c) => (c.buckets[0].mount.path = `/mnt/${'a'.repeat(256)}`),
      'buckets[0].mount.path: a path segment must be at most 255 characters (Linux NAME_MAX)',
    ],
    [
      'cache directory longer than Linux allows (PATH_MAX)',
      (c) => (c.buckets[0].mount.cache = { directory: `/var/cache${'/abcdefghi'.repeat(409)}` }),
      'buckets[0].mount.cache.directory: a path must be at most 4095 characters (Linux PATH_MAX)',
    ],
    [
      'mount path with ".." segments',
      (c) => (c.buckets[0].mount.path = '/mnt/../etc'),
      'buckets[0].mount.path: a path must not contain "." or ".." segments',
    ],
    [
      'metadata TTL that is no duration',
      (c) => (c.buckets[0].mount.metadataTtl = '1h; reboot'),
      'buckets[0].mount.metadataTtl: must be a number of seconds',
    ],
    [
      'metadata TTL beyond the 100 years Mountpoint accepts',
      (c) => (c.buckets[0].mount.metadataTtl = '3153600001'),
      'buckets[0].mount.metadataTtl: Mountpoint accepts at most 3153600000 seconds (100 years); use "indefinite"',
    ],
    [
      'jar with a quote',
      (c) => (c.sparkApplications[0].deps.jars[0] = "a'.jar"),
      'sparkApplications[0].deps.jars[0]: must be a path relative to the bucket mount',
    ],
    [
      'DaemonSet image with a space',
      (c) => (c.nodeDaemonSet = { image: 'debian; rm' }),
      'nodeDaemonSet.image: must be a container image reference',
    ],
    ['region that is no region', (c) => (c.cluster.region = 'us-west'), 'cluster.region: must be an AWS region'],
    [
      'IAM role that is no role ARN',
      (c) => (c.teams[0].serviceAccount.iamRoleArn = 'spark-team-a'),
      'teams[0].serviceAccount.iamRoleArn: must be an IAM role ARN',
    ],
    ['Mountpoint version that is not pinned', (c) => (c.mountpoint.version = 'latest'), 'mountpoint.version: must be a semantic version'],
    ['team name that is not a Kubernetes name', (c) => (c.teams[0].name = 'Spark_Team'), 'teams[0].name: must be a Kubernetes name'],
    [
      'bucket name that is too long for Kubernetes',
      (c) => (c.buckets[0].name = 'a'.repeat(64)),
      'buckets[0].name: must be at most 63 characters',
    ],
    [
      'unknown mount approach',
      (c) => (c.buckets[0].mount.approach = 'hostpath'),
      'buckets[0].mount.approach: must be one of: "node-daemonset", "node-userdata", "pod-csi"',
    ],
    [
      'duplicate bucket names',
      (c) => c.buckets.push({ ...c.buckets[0], mount: { ...c.buckets[0].mount, path: '/mnt/other' } }),
      'buckets[1].name: bucket name "jars" is already used by buckets[0]',
    ],
    [
      'duplicate team names',
      (c) => c.teams.push({ ...c.teams[0], namespace: 'other' }),
      'teams[1].name: team name "spark-team-a" is already used by teams[0]',
    ],
    [
      'duplicate namespaces',
      (c) => c.teams.push({ ...c.teams[0], name: 'team-b', namespace: 'spark-team-a' }),
      'teams[1].namespace: namespace "spark-team-a" is already used by teams[0]',
    ],
    [
      'duplicate application names',
      (c) => c.sparkApplications.push({ ...c.sparkApplications[0] }),
      'sparkApplications[1].name: application name "taxi-trip" is already used by sparkApplications[0]',
    ],
    [
      'team referencing an unknown bucket',
      (c) => (c.teams[0].buckets = ['jar']),
      'teams[0].buckets[0]: unknown bucket "jar" (did you mean "jars"?)',
    ],
    [
      'application referencing an unknown team',
      (c) => (c.sparkApplications[0].team = 'spark-team-b'),
      'sparkApplications[0].team: unknown team "spark-team-b" (did you mean "spark-team-a"?)',
    ],
    [
      'application using a bucket its team lacks',
      (c) => {
        c.buckets.push({ name: 'other', bucket: 'other-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/other' } });
        c.sparkApplications[0].deps.bucket = 'other';
      },
      'sparkApplications[0].deps.bucket: bucket "other" is not one of team "spark-team-a"\'s buckets (jars)',
    ],
    [
      'ambiguous relative files',
      (c) => {
        c.buckets.push({ name: 'other', bucket: 'other-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/other' } });
        c.teams[0].buckets.push('other');
      },
      'sparkApplications[0].deps.bucket: is required: team "spark-team-a" has several buckets',
    ],
    [
      'JVM application without a main class',
      (c) => (c.sparkApplications[0].type = 'Scala'),
      'sparkApplications[0].mainClass: is required for type Scala',
    ],
    [
      'class path set by hand',
      (c) => (c.sparkApplications[0].sparkConf['spark.driver.extraClassPath'] = 'x'),
      'sparkApplications[0].sparkConf."spark.driver.extraClassPath": is set from deps.jars',
    ],
    [
      'KMS key in another partition than its bucket',
      (c) => {
        c.cluster.region = 'cn-north-1';
        c.buckets[0].kmsKeyArn = 'arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      },
      'buckets[0].kmsKeyArn: is in partition "aws", but the bucket\'s region cn-north-1 is in partition "aws-cn"',
    ],
    [
      'KMS key in another region than its bucket',
      (c) => {
        c.buckets[0].region = 'eu-west-1';
        c.buckets[0].kmsKeyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      },
      "buckets[0].kmsKeyArn: is in region us-east-1, but the bucket is in eu-west-1; S3 uses only KMS keys of the bucket's region",
    ],
    ['write flag on a read-only bucket', (c) => (c.buckets[0].allowDelete = true), 'buckets[0].allowDelete: needs readOnly: false'],
    [
      'overlapping node mount paths',
      (c) => c.buckets.push({ name: 'more', bucket: 'more-jars', mount: { approach: 'node-daemonset', path: '/mnt/s3/jars/more' } }),
      'buckets[1].mount.path: "/mnt/s3/jars/more" overlaps the mount path "/mnt/s3/jars" of buckets[0]',
    ],
    [
      'shared cache directory',
      (c) => {
        c.buckets[0].mount.cache.directory = '/var/cache/s3';
        c.buckets.push({
          name: 'more',
          bucket: 'more-jars',
          mount: { approach: 'node-daemonset', path: '/mnt/s3/more', cache: { directory: '/var/cache/s3' } },
        });
      },
      'buckets[1].mount.cache.directory: "/var/cache/s3" overlaps the cache directory',
    ],
    [
      'team in the DaemonSet namespace',
      (c) => (c.teams[0].namespace = 'mountpoint-s3'),
      'teams[0].namespace: namespace "mountpoint-s3" is the node DaemonSet\'s system namespace',
    ],
  ])('refuses %s', (_what, change, expected) => {
    test('with the field path in the message', () => {
      expect(problemsAfter(change)).toEqual(expect.arrayContaining([expect.stringMatching(startsWith(expected))]));
    });
  });

  test('reports every schema problem at once', () => {
    const problems = problemsAfter((c) => {
      c.buckets[0].prefix = 'jars';
      c.buckets[0].mount.path = 'relative';
      c.teams[0].name = 'Bad';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^buckets\[0\]\.prefix: /),
        expect.stringMatching(/^buckets\[0\]\.mount\.path: /),
        expect.stringMatching(/^teams\[0\]\.name: /),
      ]),
    );
  });

  test('fills defaults from the schema', () => {
    const data = defaultConfigData();
    delete data.buckets[0].mount.metadataTtl;
    delete data.buckets[0].readOnly;
    const config = loadConfigText(JSON.stringify(data), 'c.json');
    expect(config.buckets[0].mount.metadataTtl).toBe('indefinite');
    expect(config.buckets[0].readOnly).toBe(true);
    expect(config.nodeDaemonSet.checkIntervalSeconds).toBe(60);
    expect(config.mountpoint.gpgFingerprint).toBe('8AEFE705EBE329C0948C75A66F1C3B3AEF4B030B');
  });
});
