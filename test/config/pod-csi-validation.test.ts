import * as yaml from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemsOf, readExample, runCli, startsWith, tempDir } from '../helpers';

/** examples/pod-csi.yaml with `change` applied, and its problems. */
function problemsAfter(change: (config: Record<string, any>) => void): string[] {
  const data = yaml.load(readExample('pod-csi.yaml')) as Record<string, any>;
  change(data);
  return problemsOf(data);
}

const secondTeam = (c: Record<string, any>, team: Record<string, any> = {}) =>
  c.teams.push({
    name: 'spark-team-b',
    serviceAccount: { iamRoleArn: 'arn:aws:iam::111122223333:role/spark-team-b' },
    buckets: ['jars'],
    ...team,
  });

describe('pod-csi config validation', () => {
  test('the pod-csi example is valid', () => {
    expect(problemsAfter(() => undefined)).toEqual([]);
  });

  test('two teams may share one pod-csi bucket: their derived volume handles differ', () => {
    expect(problemsAfter((c) => secondTeam(c))).toEqual([]);
  });

  test.each<[string, (c: Record<string, any>) => void, string]>([
    [
      'team referencing an unknown bucket',
      (c) => (c.teams[0].buckets = ['jar']),
      'teams[0].buckets[0]: unknown bucket "jar" (did you mean "jars"?)',
    ],
    [
      'two teams claiming the same volume handle',
      (c) => {
        c.teams[0].volumeHandles = { jars: 'team-jars' };
        secondTeam(c, { volumeHandles: { jars: 'team-jars' } });
      },
      'teams[1].volumeHandles.jars: volume handle "team-jars" is already claimed by team "spark-team-a", bucket "jars"',
    ],
    [
      'a volume handle that another team derives',
      (c) => secondTeam(c, { volumeHandles: { jars: 'spark-team-a.jars' } }),
      'teams[1].volumeHandles.jars: volume handle "spark-team-a.jars" is already claimed by team "spark-team-a", bucket "jars"',
    ],
    [
      'a volume handle for a bucket the team does not use',
      (c) => (c.teams[0].volumeHandles = { other: 'x' }),
      'teams[0].volumeHandles.other: "other" is not one of this team\'s pod-csi buckets',
    ],
    [
      'a volume handle that is no Kubernetes name',
      (c) => (c.teams[0].volumeHandles = { jars: 'Team_A' }),
      'teams[0].volumeHandles.jars: must be a Kubernetes subdomain name',
    ],
    [
      'the admission policy on a cluster older than 1.30',
      (c) => (c.cluster.kubernetesVersion = '1.29'),
      'cluster.kubernetesVersion: is "1.29", but the pod-csi admission policy (ValidatingAdmissionPolicy, admissionregistration.k8s.io/v1) needs Kubernetes 1.30 or later',
    ],
    [
      'an ephemeral cache without a storage class',
      (c) => (c.buckets[0].mount.csi.cache = { type: 'ephemeral' }),
      'buckets[0].mount.csi.cache.storageClassName: is required for cache type ephemeral',
    ],
    [
      'a memory medium for an ephemeral cache',
      (c) => (c.buckets[0].mount.csi.cache = { type: 'ephemeral', storageClassName: 'gp3', medium: 'Memory' }),
      'buckets[0].mount.csi.cache.medium: applies only to cache type emptyDir',
    ],
    [
      'a storage class for an emptyDir cache',
      (c) => (c.buckets[0].mount.csi.cache.storageClassName = 'gp3'),
      'buckets[0].mount.csi.cache.storageClassName: applies only to cache type ephemeral',
    ],
    [
      'a host cache directory on a pod-csi bucket',
      (c) => (c.buckets[0].mount.cache.directory = '/var/cache/jars'),
      'buckets[0].mount.cache.directory: the CSI driver places the cache in a volume of its own',
    ],
    [
      'CSI settings on a node-level bucket',
      (c) => (c.buckets[0].mount.approach = 'node-daemonset'),
      'buckets[0].mount.csi: applies only to pod-csi buckets, not node-daemonset',
    ],
    [
      "a pod-csi mount path inside another bucket's mount in the same pods",
      (c) => {
        c.buckets.push({ name: 'more', bucket: 'more-jars', mount: { approach: 'pod-csi', path: '/mnt/s3/jars/more' } });
        c.teams[0].buckets.push('more');
        c.sparkApplications[0].deps.bucket = 'jars';
      },
      'teams[0].buckets[1]: the mount path "/mnt/s3/jars/more" of bucket "more" overlaps "/mnt/s3/jars" of bucket "jars" in this team\'s pods',
    ],
    [
      'two IAM policy files with one name',
      (c) => {
        c.teams[0] = { ...c.teams[0], name: 'a-b', buckets: ['c'] };
        c.buckets.push({ name: 'c', bucket: 'c-jars', mount: { approach: 'pod-csi', path: '/mnt/s3/c' } });
        c.buckets.push({ name: 'b-c', bucket: 'bc-jars', mount: { approach: 'pod-csi', path: '/mnt/s3/bc' } });
        c.teams.push({ name: 'a', buckets: ['b-c'] });
        c.sparkApplications = [];
      },
      'teams[1].buckets[0]: its IAM policy would be written to iam/a-b-c.json, which teams[0].buckets[0] already uses',
    ],
  ])('refuses %s, with the field path', (_what, change, expected) => {
    expect(problemsAfter(change)).toEqual(expect.arrayContaining([expect.stringMatching(startsWith(expected))]));
  });

  test('a cluster older than 1.30 is fine once the admission policy is off', () => {
    expect(
      problemsAfter((c) => {
        c.cluster.kubernetesVersion = '1.29';
        c.podCsi.admissionPolicy.enabled = false;
      }),
    ).toEqual([]);
  });

  test('a cluster older than 1.30 is fine without pod-csi buckets, whatever the switch says', () => {
    expect(
      problemsAfter((c) => {
        c.cluster.kubernetesVersion = '1.28';
        c.buckets[0].mount.approach = 'node-daemonset';
        delete c.buckets[0].mount.csi;
      }),
    ).toEqual([]);
  });
});

test('init --approach pod-csi writes the pod-level starter, which validates', () => {
  const file = join(tempDir(), 'starter.yaml');
  expect(runCli(['init', '--approach', 'pod-csi', '--out', file]).status).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain('approach: pod-csi');
  expect(runCli(['validate', '--config', file]).status).toBe(0);
});
