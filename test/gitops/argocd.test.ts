import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { RenderedFiles } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { defaultConfigData, exampleConfig, K8sObject, readExample, textFile } from '../helpers';
import { kustomize, kustomizeWithPatches, objectId, writeOutput } from './kustomize-build';

const REPO = 'https://github.com/acme/spark-platform.git';
const INSTANCE = 'app.kubernetes.io/instance';

function filesOf(data: Record<string, any>): RenderedFiles {
  return synthesize(loadConfigText(yaml.dump(data), 'config.yaml'));
}

function withGitOps(gitops: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, any> {
  return { ...defaultConfigData(), ...extra, gitops: { repoURL: REPO, ...gitops } };
}

const applicationsOf = (files: RenderedFiles) => yaml.loadAll(textFile(files, 'gitops/argocd/applications.yaml')) as K8sObject[];

describe('Argo CD Applications (deliver: manifests)', () => {
  const files = synthesize(exampleConfig('gitops.yaml'));
  const [platform, jobs] = applicationsOf(files);

  test('two Applications with distinct names: the platform and its Spark jobs', () => {
    expect.hasAssertions();
    expect(applicationsOf(files).map((a) => a.metadata.name)).toEqual(['spark-s3-jars', 'spark-s3-jars-jobs']);
  });

  test('no Application carries app.kubernetes.io/instance, which label tracking reads as "belongs to the Application of that name"', () => {
    expect.hasAssertions();
    expect(applicationsOf(files).map((a) => a.metadata.labels?.[INSTANCE])).toEqual([undefined, undefined]);
  });

  test('each carries the resources finalizer, so deleting it deletes what it deployed', () => {
    expect.hasAssertions();
    expect(applicationsOf(files).map((a) => (a.metadata as { finalizers?: string[] }).finalizers)).toEqual([
      ['resources-finalizer.argocd.argoproj.io'],
      ['resources-finalizer.argocd.argoproj.io'],
    ]);
  });

  test('a failed sync is retried gitops.retries times with back-off from 30s to 5m', () => {
    expect.hasAssertions();
    const retried = applicationsOf(filesOf(withGitOps({ retries: 9 })));
    for (const application of retried) {
      expect(application.spec.syncPolicy.retry).toEqual({ limit: 9, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } });
    }
  });

  test('the platform prunes and self-heals; the jobs are synced automatically but never pruned nor re-created by self-heal', () => {
    expect.hasAssertions();
    expect(platform.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(jobs.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: false });
  });

  test('with a job that expires (timeToLiveSeconds), the jobs Application is synced by hand only', () => {
    expect.hasAssertions();
    const data = withGitOps({ flux: { enabled: false } });
    data.sparkApplications[0].timeToLiveSeconds = 3600;
    const [, expiring] = applicationsOf(filesOf(data));
    expect(expiring.spec.syncPolicy).not.toHaveProperty('automated');
  });

  test("a scheduled application whose runs expire keeps the jobs Application automated: its runs are the operator's, not Argo CD's", () => {
    expect.hasAssertions();
    const data = withGitOps({ flux: { enabled: false } });
    Object.assign(data.sparkApplications[0], { timeToLiveSeconds: 3600, schedule: { cron: '@daily' } });
    const [, scheduled] = applicationsOf(filesOf(data));
    expect(scheduled.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: false });
  });

  test('the jobs Application comes after the platform in an app-of-apps (sync waves)', () => {
    expect.hasAssertions();
    expect([platform, jobs].map((a) => a.metadata.annotations?.['argocd.argoproj.io/sync-wave'])).toEqual(['0', '1']);
  });

  test('without Spark jobs there is only the platform Application', () => {
    expect.hasAssertions();
    expect(applicationsOf(filesOf({ ...withGitOps({}), sparkApplications: [] })).map((a) => a.metadata.name)).toEqual(['spark-s3-jars']);
  });

  test('built by kubectl kustomize as Argo CD builds them, the two yield every object of DIR/manifests once; the jobs Application only the Spark jobs', () => {
    expect.hasAssertions();
    const dir = writeOutput(files);
    const built = [platform, jobs].map((a) => kustomizeWithPatches(dir, 'manifests', a.spec.source.kustomize.patches));
    expect(built.flat().map(objectId).sort()).toEqual(kustomize(join(dir, 'manifests')).map(objectId).sort());
    expect(new Set(built[1].map((o) => o.kind))).toEqual(new Set(['SparkApplication']));
    expect(built[0].some((o) => o.kind === 'SparkApplication')).toBe(false);
  });
});

describe("Argo CD's label tracking over the Applications", () => {
  /**
   * Label tracking (Argo CD's default before 3.0): an Application owns every
   * live object whose app.kubernetes.io/instance is its name, and prunes those
   * not in its desired state. Live here: the Applications as applied with
   * `kubectl apply -f DIR/gitops/argocd`, and what each Application deployed,
   * labelled by Argo CD with its name.
   */
  function objectsPrunedBy(files: RenderedFiles): string[] {
    const dir = writeOutput(files);
    const applications = applicationsOf(files);
    const desired = new Map(
      applications.map((a) => [a.metadata.name, kustomizeWithPatches(dir, 'manifests', a.spec.source.kustomize.patches)]),
    );
    const deployed = applications.flatMap((a) =>
      desired
        .get(a.metadata.name)!
        .map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [INSTANCE]: a.metadata.name } } })),
    );
    const live = [...applications, ...deployed];
    return applications.flatMap((application) => {
      const wanted = new Set(desired.get(application.metadata.name)!.map(objectId));
      return live
        .filter((o) => o.metadata.labels?.[INSTANCE] === application.metadata.name && !wanted.has(objectId(o)))
        .map((o) => `${application.metadata.name} prunes ${objectId(o)}`);
    });
  }

  test('no Application selects an object it would prune, itself included', () => {
    expect.hasAssertions();
    expect(objectsPrunedBy(synthesize(exampleConfig('gitops.yaml')))).toEqual([]);
  });

  test('the simulation finds the self-prune of an Application labelled with its own name', () => {
    expect.hasAssertions();
    const files = synthesize(exampleConfig('gitops.yaml'));
    const labelled = applicationsOf(files).map((a) => ({
      ...a,
      metadata: { ...a.metadata, labels: { ...a.metadata.labels, [INSTANCE]: a.metadata.name } },
    }));
    files.set('gitops/argocd/applications.yaml', labelled.map((a) => yaml.dump(a)).join('---\n'));
    expect(objectsPrunedBy(files)).toEqual([
      'spark-s3-jars prunes Application/argocd/spark-s3-jars',
      'spark-s3-jars-jobs prunes Application/argocd/spark-s3-jars-jobs',
    ]);
  });
});

describe('Argo CD AppProject', () => {
  const files = synthesize(exampleConfig('gitops.yaml'));
  const [project] = yaml.loadAll(textFile(files, 'gitops/argocd/project.yaml')) as K8sObject[];

  test('is written when the config names a project other than default, and the Applications use it', () => {
    expect.hasAssertions();
    expect(project.metadata).toMatchObject({ name: 'data-platform', namespace: 'argocd' });
    expect(applicationsOf(files).map((a) => a.spec.project)).toEqual(['data-platform', 'data-platform']);
    expect(filesOf(withGitOps({})).has('gitops/argocd/project.yaml')).toBe(false);
  });

  test('allows only the repository of the output', () => {
    expect.hasAssertions();
    expect(project.spec.sourceRepos).toEqual([REPO]);
  });

  test("allows as destinations every namespace of the output, the Applications' destination among them", () => {
    expect.hasAssertions();
    expect(project.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'mountpoint-s3' },
      { server: 'https://kubernetes.default.svc', namespace: 'spark-team-a' },
    ]);
    for (const application of applicationsOf(files)) expect(project.spec.destinations).toContainEqual(application.spec.destination);
  });

  test('whitelists exactly the cluster-scoped kinds of the output', () => {
    expect.hasAssertions();
    const clusterScoped = yaml.loadAll(
      [...files]
        .filter(([path]) => path.startsWith('manifests/') && path.endsWith('.k8s.yaml'))
        .map(([, text]) => text)
        .join('\n---\n'),
    ) as K8sObject[];
    const expected = [
      ...new Set(
        clusterScoped
          .filter((o) => o && !o.metadata.namespace)
          .map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`),
      ),
    ].sort();
    expect(project.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`)).toEqual(expected);
  });

  test.each([
    ['node-userdata.yaml', ['karpenter.k8s.aws/EC2NodeClass', 'karpenter.sh/NodePool']],
    [
      'pod-csi.yaml',
      [
        '/PersistentVolume',
        'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
      ],
    ],
  ])('for examples/%s it whitelists %j', (example, kinds) => {
    expect.hasAssertions();
    const data = {
      ...(yaml.load(readExample(example)) as Record<string, unknown>),
      gitops: { repoURL: REPO, argocd: { project: 'spark' } },
    };
    const [own] = yaml.loadAll(textFile(filesOf(data), 'gitops/argocd/project.yaml')) as K8sObject[];
    expect(own.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`)).toEqual(expect.arrayContaining(kinds));
  });
});
