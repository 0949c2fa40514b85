import { defaultConfigData, problemsOf } from '../helpers';

const REPO = 'https://github.com/acme/spark-platform.git';

function withExpiringJob(gitops: Record<string, unknown>): Record<string, any> {
  const data: Record<string, any> = { ...defaultConfigData(), gitops: { repoURL: REPO, ...gitops } };
  data.sparkApplications[0].timeToLiveSeconds = 600;
  return data;
}

describe('GitOps config rules', () => {
  test('a job that expires (timeToLiveSeconds) is refused with Flux, which would re-create and re-run it', () => {
    expect.hasAssertions();
    expect(problemsOf(withExpiringJob({ argocd: { enabled: false } }))).toEqual([
      'sparkApplications[0].timeToLiveSeconds: Flux re-applies DIR/gitops/flux on every interval and would re-create the application, and run it again, after the operator deletes it: remove timeToLiveSeconds or set gitops.flux.enabled: false',
    ]);
  });

  test('a job that expires is refused with the Argo CD Application of the Helm chart', () => {
    expect.hasAssertions();
    expect(problemsOf(withExpiringJob({ deliver: 'helm', flux: { enabled: false } }))).toEqual([
      'sparkApplications[0].timeToLiveSeconds: the Argo CD Application of the Helm chart would re-create the application, and run it again, after the operator deletes it: remove timeToLiveSeconds or set gitops.deliver: manifests (the jobs then get an Application that is synced by hand)',
    ]);
  });

  test('a job that expires is accepted with Argo CD delivering the manifests, and without gitops', () => {
    expect.hasAssertions();
    expect(problemsOf(withExpiringJob({ flux: { enabled: false } }))).toEqual([]);
    const { gitops: _gitops, ...withoutGitOps } = withExpiringJob({});
    expect(problemsOf(withoutGitOps)).toEqual([]);
  });

  test('a scheduled application whose runs expire is accepted with Flux and the Helm chart: the operator creates its runs, no GitOps tool re-creates them', () => {
    expect.hasAssertions();
    const data = withExpiringJob({ deliver: 'helm' });
    data.sparkApplications[0].schedule = { cron: '@daily' };
    expect(problemsOf(data)).toEqual([]);
  });

  test('a chart name too long for the labels Argo CD and Flux write from the object names is refused', () => {
    expect.hasAssertions();
    const data = { ...defaultConfigData(), chart: { name: 'a'.repeat(51) }, gitops: { repoURL: REPO } };
    expect(problemsOf(data)).toEqual([
      `chart.name: must be at most 50 characters with gitops: Argo CD and Flux write "${'a'.repeat(51)}-…" names into labels, which hold 63`,
    ]);
    expect(problemsOf({ ...data, chart: { name: 'a'.repeat(50) } })).toEqual([]);
  });

  test.each([
    [
      { flux: { dependsOn: [{ name: 'spark-s3-jars-mounts' }] } },
      'gitops.flux.dependsOn[0].name: "spark-s3-jars-mounts" is one of the Flux objects this tool writes: it would wait for itself',
    ],
    [
      { deliver: 'helm', flux: { dependsOn: [{ name: 'spark-s3-jars', namespace: 'flux-system' }] } },
      'gitops.flux.dependsOn[0].name: "spark-s3-jars" is one of the Flux objects this tool writes: it would wait for itself',
    ],
  ])('%j, a dependency on our own Flux objects, is refused', (gitops, problem) => {
    expect.hasAssertions();
    expect(problemsOf({ ...defaultConfigData(), gitops: { repoURL: REPO, ...gitops } })).toEqual([problem]);
  });

  test.each([
    [{}, 'spark-s3-jars-prod-mounts'],
    [{ deliver: 'helm' }, 'spark-s3-jars-prod'],
  ])('%j: in an environment, a dependency on its own Flux objects (named with the environment) is refused', (gitops, own) => {
    const data = {
      ...defaultConfigData(),
      gitops: { repoURL: REPO, ...gitops, flux: { dependsOn: [{ name: own }] } },
      environments: [{ name: 'prod' }, { name: 'dev' }],
    };
    expect(problemsOf(data)).toEqual([
      `environments.prod → gitops.flux.dependsOn[0].name: "${own}" is one of the Flux objects this tool writes: it would wait for itself`,
    ]);
  });

  test("in an environment, a dependency on another environment's Flux objects is allowed", () => {
    const data = {
      ...defaultConfigData(),
      gitops: { repoURL: REPO, deliver: 'helm' },
      environments: [{ name: 'prod', gitops: { flux: { dependsOn: [{ name: 'spark-s3-jars-staging' }] } } }, { name: 'staging' }],
    };
    expect(problemsOf(data)).toEqual([]);
  });

  test('a dependency of the same name in another namespace is not ours', () => {
    expect.hasAssertions();
    expect(
      problemsOf({
        ...defaultConfigData(),
        gitops: { repoURL: REPO, flux: { dependsOn: [{ name: 'spark-s3-jars-mounts', namespace: 'infra' }] } },
      }),
    ).toEqual([]);
  });

  test.each([
    [
      { argocd: { destination: { name: 'prod/eu' } } },
      'gitops.argocd.destination.name: must be a cluster name as registered in Argo CD: letters, digits, ".", "_", "@", ":" and "-"',
    ],
    [{ deliver: 'kustomize' }, 'gitops.deliver: must be one of: "manifests", "helm"'],
    [{ retries: -1 }, 'gitops.retries: must be >= 0'],
    [{ flux: { retryInterval: 'soon' } }, 'gitops.flux.retryInterval: must be a Go duration such as 30s, 10m or 1h'],
    [
      { flux: { dependsOn: [{ name: 'Spark Operator' }] } },
      'gitops.flux.dependsOn[0].name: must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit',
    ],
  ])('%j is refused', (gitops, problem) => {
    expect.hasAssertions();
    expect(problemsOf({ ...defaultConfigData(), gitops: { repoURL: REPO, ...gitops } })).toEqual([problem]);
  });
});
