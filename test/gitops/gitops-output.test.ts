import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kustomize, kustomizeWithPatches, objectId, writeOutput } from './kustomize-build';
import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { RenderedFiles } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { defaultConfigData, exampleConfig, K8sObject, problemsOf, requireTool, tempDir, textFile } from '../helpers';

const REPO = 'https://github.com/acme/spark-platform.git';

function filesOf(data: Record<string, any>): RenderedFiles {
  return synthesize(loadConfigText(yaml.dump(data), 'config.yaml'));
}

function withGitOps(gitops: Record<string, unknown>): Record<string, any> {
  return { ...defaultConfigData(), gitops: { repoURL: REPO, ...gitops } };
}

function objectsIn(files: RenderedFiles, path: string): K8sObject[] {
  const text = files.get(path);
  if (typeof text !== 'string') throw new Error(`no ${path} in ${[...files.keys()].join(', ')}`);
  return yaml.loadAll(text) as K8sObject[];
}

const gitopsPaths = (files: RenderedFiles) => [...files.keys()].filter((p) => p.startsWith('gitops/')).sort();

describe('GitOps output', () => {
  test('without a gitops section nothing is written under gitops/', () => {
    expect.hasAssertions();
    expect(gitopsPaths(synthesize(exampleConfig('node-daemonset.yaml')))).toEqual([]);
  });

  test('examples/gitops.yaml gives the Argo CD project and Applications and the Flux files for the manifests', () => {
    expect.hasAssertions();
    expect(gitopsPaths(synthesize(exampleConfig('gitops.yaml')))).toEqual([
      'gitops/argocd/applications.yaml',
      'gitops/argocd/project.yaml',
      'gitops/flux/git-repository.yaml',
      'gitops/flux/kustomization.yaml',
      'gitops/flux/kustomizations.yaml',
    ]);
  });

  test('deliver: helm gives one Argo CD Application and the Flux HelmRelease instead of the Kustomizations', () => {
    expect.hasAssertions();
    expect(gitopsPaths(filesOf(withGitOps({ deliver: 'helm' })))).toEqual([
      'gitops/argocd/applications.yaml',
      'gitops/flux/git-repository.yaml',
      'gitops/flux/helm-release.yaml',
      'gitops/flux/kustomization.yaml',
    ]);
  });

  test('the defaults: path dist, branch main, Argo CD in argocd/default to the in-cluster server, Flux in flux-system', () => {
    expect.hasAssertions();
    const files = filesOf(withGitOps({}));
    const [application] = objectsIn(files, 'gitops/argocd/applications.yaml');
    expect(application.metadata).toMatchObject({ name: 'spark-s3-jars', namespace: 'argocd' });
    expect(application.spec).toMatchObject({
      project: 'default',
      source: { repoURL: REPO, targetRevision: 'main', path: 'dist/manifests' },
      destination: { server: 'https://kubernetes.default.svc' },
    });
    const [repository] = objectsIn(files, 'gitops/flux/git-repository.yaml');
    expect(repository.metadata.namespace).toBe('flux-system');
    expect(repository.spec).toMatchObject({ url: REPO, ref: { branch: 'main' }, interval: '10m' });
  });

  test('deliver: helm points the one Argo CD Application at DIR/helm/<chart.name>', () => {
    expect.hasAssertions();
    const [helm, ...others] = objectsIn(filesOf(withGitOps({ path: 'clusters/prod', deliver: 'helm' })), 'gitops/argocd/applications.yaml');
    expect(others).toEqual([]);
    expect(helm.metadata.name).toBe('spark-s3-jars');
    expect(helm.spec.source).toEqual({
      repoURL: REPO,
      targetRevision: 'main',
      path: 'clusters/prod/helm/spark-s3-jars',
      helm: { releaseName: 'spark-s3-jars' },
    });
  });

  test('an Argo CD destination by cluster name has no server', () => {
    expect.hasAssertions();
    const [application] = objectsIn(
      filesOf(withGitOps({ argocd: { destination: { name: 'prod-eu' } } })),
      'gitops/argocd/applications.yaml',
    );
    expect(application.spec.destination).toEqual({ name: 'prod-eu', namespace: 'mountpoint-s3' });
  });

  test('a destination with both server and name is refused', () => {
    expect.hasAssertions();
    expect(problemsOf(withGitOps({ argocd: { destination: { server: 'https://eks.example', name: 'prod' } } }))).toEqual([
      'gitops.argocd.destination: set either server or name, not both',
    ]);
  });

  test.each([
    [{ path: '/dist' }, 'gitops.path: must be a relative path such as dist or clusters/prod/spark, without a leading or trailing "/"'],
    [
      { repoURL: 'github.com/acme/x' },
      'gitops.repoURL: must be a Git URL starting with https://, ssh:// or git@, without spaces or quotes',
    ],
    [{ flux: { interval: '10 minutes' } }, 'gitops.flux.interval: must be a Go duration such as 30s, 10m or 1h'],
    [
      { flux: { sourceRef: { name: 'flux-system' }, secretRef: { name: 'git' } } },
      'gitops.flux: secretRef belongs on the GitRepository named by sourceRef, which this tool does not emit: set one of them',
    ],
  ])('%j is refused', (gitops, problem) => {
    expect.hasAssertions();
    expect(problemsOf(withGitOps(gitops))).toEqual([problem]);
  });

  test('argocd.enabled: false and flux.enabled: false leave their directory out', () => {
    expect.hasAssertions();
    expect(gitopsPaths(filesOf(withGitOps({ argocd: { enabled: false } }))).every((p) => p.startsWith('gitops/flux/'))).toBe(true);
    expect(gitopsPaths(filesOf(withGitOps({ flux: { enabled: false } }))).every((p) => p.startsWith('gitops/argocd/'))).toBe(true);
  });
});

describe('Flux Kustomizations', () => {
  const files = synthesize(exampleConfig('gitops.yaml'));
  const kustomizations = objectsIn(files, 'gitops/flux/kustomizations.yaml');

  test('one per stage, chained with dependsOn: the Spark operator, foundation, then mounts, then applications', () => {
    expect.hasAssertions();
    expect(kustomizations.map((k) => [k.metadata.name, k.spec.dependsOn])).toEqual([
      ['spark-s3-jars-foundation', [{ name: 'spark-operator' }]],
      ['spark-s3-jars-mounts', [{ name: 'spark-s3-jars-foundation' }]],
      ['spark-s3-jars-applications', [{ name: 'spark-s3-jars-mounts' }]],
    ]);
  });

  test('each applies DIR/manifests from the GitRepository, retrying a failed apply after retryInterval, and waits for readiness', () => {
    expect.hasAssertions();
    for (const k of kustomizations) {
      expect(k.metadata.namespace).toBe('flux-system');
      expect(k.spec).toMatchObject({
        path: './clusters/spark-operator-doeks/spark/manifests',
        sourceRef: { kind: 'GitRepository', name: 'spark-s3-jars' },
        interval: '5m',
        retryInterval: '1m',
        wait: true,
      });
    }
  });

  test('the platform stages prune what left the config; the jobs stage never deletes a SparkApplication', () => {
    expect.hasAssertions();
    expect(kustomizations.map((k) => [k.metadata.name, k.spec.prune])).toEqual([
      ['spark-s3-jars-foundation', true],
      ['spark-s3-jars-mounts', true],
      ['spark-s3-jars-applications', false],
    ]);
  });

  test('SparkApplication and NodePool readiness is judged by CEL health checks in their stage', () => {
    expect.hasAssertions();
    expect(kustomizations.map((k) => (k.spec.healthCheckExprs ?? []).map((c: any) => c.kind))).toEqual([
      [],
      ['NodePool', 'EC2NodeClass'],
      ['SparkApplication', 'ScheduledSparkApplication'],
    ]);
  });

  test("flux.dependsOn holds back the first stage until the named Kustomizations (e.g. the Spark operator's) are ready", () => {
    expect.hasAssertions();
    const dependsOn = [{ name: 'spark-operator' }, { name: 'karpenter', namespace: 'infra' }];
    const [first, second] = objectsIn(filesOf(withGitOps({ flux: { dependsOn } })), 'gitops/flux/kustomizations.yaml');
    expect(first.spec.dependsOn).toEqual(dependsOn);
    expect(second.spec.dependsOn).toEqual([{ name: first.metadata.name }]);
  });

  test('each keeps only the objects of its own wave', () => {
    expect.hasAssertions();
    expect(kustomizations.map((k) => k.spec.patches.map((p: any) => p.target.annotationSelector))).toEqual([
      ['argocd.argoproj.io/sync-wave notin (0)'],
      ['argocd.argoproj.io/sync-wave notin (1)'],
      ['argocd.argoproj.io/sync-wave notin (2)'],
    ]);
    expect(yaml.load(kustomizations[0].spec.patches[0].patch)).toMatchObject({ $patch: 'delete' });
  });

  test('a stage without objects gets no Kustomization, and the chain closes over the gap', () => {
    expect.hasAssertions();
    const names = objectsIn(filesOf({ ...withGitOps({}), sparkApplications: [] }), 'gitops/flux/kustomizations.yaml').map(
      (k) => k.metadata.name,
    );
    expect(names).toEqual(['spark-s3-jars-foundation', 'spark-s3-jars-mounts']);
  });

  test('the Flux kustomization.yaml lists the GitRepository and the Kustomizations', () => {
    expect.hasAssertions();
    expect(yaml.load(textFile(files, 'gitops/flux/kustomization.yaml'))).toMatchObject({
      resources: ['git-repository.yaml', 'kustomizations.yaml'],
    });
  });

  test('with flux.sourceRef the existing GitRepository is used and none is emitted', () => {
    expect.hasAssertions();
    const withSource = filesOf(withGitOps({ flux: { sourceRef: { name: 'flux-system' } } }));
    expect(withSource.has('gitops/flux/git-repository.yaml')).toBe(false);
    expect(yaml.load(textFile(withSource, 'gitops/flux/kustomization.yaml'))).toMatchObject({ resources: ['kustomizations.yaml'] });
    const withSourceHelm = filesOf(withGitOps({ deliver: 'helm', flux: { sourceRef: { name: 'flux-system' } } }));
    for (const object of [
      ...objectsIn(withSource, 'gitops/flux/kustomizations.yaml'),
      ...objectsIn(withSourceHelm, 'gitops/flux/helm-release.yaml'),
    ]) {
      expect(object.spec.sourceRef ?? object.spec.chart.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'flux-system' });
    }
  });
});

describe('Flux HelmRelease (deliver: helm)', () => {
  const files = filesOf(withGitOps({ path: 'clusters/prod', deliver: 'helm' }));
  const [release] = objectsIn(files, 'gitops/flux/helm-release.yaml');

  test('releases the chart at DIR/helm/<chart.name> from the GitRepository on every revision', () => {
    expect.hasAssertions();
    expect(release.kind).toBe('HelmRelease');
    expect(release.spec.chart.spec).toEqual({
      chart: './clusters/prod/helm/spark-s3-jars',
      sourceRef: { kind: 'GitRepository', name: 'spark-s3-jars' },
      reconcileStrategy: 'Revision',
    });
  });

  test('is the one resource of the Flux kustomization.yaml besides the GitRepository', () => {
    expect.hasAssertions();
    expect(yaml.load(textFile(files, 'gitops/flux/kustomization.yaml'))).toMatchObject({
      resources: ['git-repository.yaml', 'helm-release.yaml'],
    });
  });

  test('remediates and retries a failed install or upgrade gitops.retries times', () => {
    expect.hasAssertions();
    const [retried] = objectsIn(filesOf(withGitOps({ deliver: 'helm', retries: 8 })), 'gitops/flux/helm-release.yaml');
    expect(retried.spec.install).toEqual({ remediation: { retries: 8 } });
    expect(retried.spec.upgrade).toEqual({ remediation: { retries: 8, remediateLastFailure: true } });
  });

  test('waits for the HelmReleases named in flux.dependsOn', () => {
    expect.hasAssertions();
    const [waiting] = objectsIn(
      filesOf(withGitOps({ deliver: 'helm', flux: { dependsOn: [{ name: 'spark-operator', namespace: 'spark-operator' }] } })),
      'gitops/flux/helm-release.yaml',
    );
    expect(waiting.spec.dependsOn).toEqual([{ name: 'spark-operator', namespace: 'spark-operator' }]);
  });

  test('a private repository gets its secretRef', () => {
    expect.hasAssertions();
    const [repository] = objectsIn(
      filesOf(withGitOps({ flux: { secretRef: { name: 'git-credentials' } } })),
      'gitops/flux/git-repository.yaml',
    );
    expect(repository.spec.secretRef).toEqual({ name: 'git-credentials' });
  });
});

describe('Flux Kustomizations, built by kustomize (kubectl kustomize) as Flux builds them', () => {
  test('together yield every object of DIR/manifests exactly once, each in its own wave', () => {
    expect.hasAssertions();
    const files = synthesize(exampleConfig('gitops.yaml'));
    const dir = writeOutput(files);
    const built = objectsIn(files, 'gitops/flux/kustomizations.yaml').map((k, wave) => {
      const objects = kustomizeWithPatches(dir, 'manifests', k.spec.patches);
      expect(objects.map((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'])).toEqual(objects.map(() => String(wave)));
      return objects.map(objectId);
    });
    expect(built.flat().sort()).toEqual(kustomize(join(dir, 'manifests')).map(objectId).sort());
    expect(built.every((objects) => objects.length > 0)).toBe(true);
  });

  test.each([
    [
      'manifests',
      {},
      [
        'GitRepository/flux-system/spark-s3-jars',
        'Kustomization/flux-system/spark-s3-jars-foundation',
        'Kustomization/flux-system/spark-s3-jars-mounts',
        'Kustomization/flux-system/spark-s3-jars-applications',
      ],
    ],
    ['helm', { deliver: 'helm' }, ['GitRepository/flux-system/spark-s3-jars', 'HelmRelease/flux-system/spark-s3-jars']],
    [
      'an existing GitRepository',
      { flux: { sourceRef: { name: 'flux-system' } } },
      [
        'Kustomization/flux-system/spark-s3-jars-foundation',
        'Kustomization/flux-system/spark-s3-jars-mounts',
        'Kustomization/flux-system/spark-s3-jars-applications',
      ],
    ],
  ])('DIR/gitops/flux builds (kubectl kustomize) into the Flux objects for %s', (_, gitops, expected) => {
    expect.hasAssertions();
    const dir = writeOutput(filesOf(withGitOps(gitops)));
    expect(
      kustomize(join(dir, 'gitops', 'flux'))
        .map(objectId)
        .sort(),
    ).toEqual([...expected].sort());
  });
});

describe('paths in the repository, resolved as the tools resolve them', () => {
  /** The output committed at `gitops.path` in a repository; returns the repository. */
  function repository(gitops: Record<string, unknown>): { repo: string; files: RenderedFiles } {
    const files = filesOf(withGitOps({ path: 'clusters/prod/spark', ...gitops }));
    const repo = tempDir();
    const output = writeOutput(files);
    mkdirSync(join(repo, 'clusters', 'prod'), { recursive: true });
    spawnSync('cp', ['-r', output, join(repo, 'clusters', 'prod', 'spark')]);
    return { repo, files };
  }

  test('every Flux Kustomization path builds with kubectl kustomize from the repository root', () => {
    expect.hasAssertions();
    const { repo, files } = repository({});
    for (const k of objectsIn(files, 'gitops/flux/kustomizations.yaml')) {
      expect(kustomize(join(repo, k.spec.path)).length).toBeGreaterThan(0);
    }
  });

  test('the chart the HelmRelease and the Argo CD Helm Application name renders with helm template', () => {
    expect.hasAssertions();
    const { repo, files } = repository({ deliver: 'helm' });
    const [release] = objectsIn(files, 'gitops/flux/helm-release.yaml');
    const [application] = objectsIn(files, 'gitops/argocd/applications.yaml');
    expect(join(repo, release.spec.chart.spec.chart)).toBe(join(repo, application.spec.source.path));
    const rendered = spawnSync(requireTool('helm'), ['template', release.spec.releaseName, join(repo, application.spec.source.path)], {
      encoding: 'utf8',
    });
    expect(rendered.stderr).toBe('');
    expect((yaml.loadAll(rendered.stdout) as K8sObject[]).some((o) => o?.kind === 'SparkApplication')).toBe(true);
  });
});

describe('GitRepository ignore rules, checked by git', () => {
  function ignored(path: string, candidates: string[]): string[] {
    const [repository] = objectsIn(filesOf(withGitOps({ path })), 'gitops/flux/git-repository.yaml');
    const repo = tempDir();
    expect(spawnSync('git', ['init', '-q'], { cwd: repo }).status).toBe(0);
    writeFileSync(join(repo, '.gitignore'), repository.spec.ignore);
    for (const file of candidates) {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      writeFileSync(join(repo, file), '');
    }
    const result = spawnSync('git', ['check-ignore', '--no-index', ...candidates], { cwd: repo, encoding: 'utf8' });
    return result.stdout.trim().split('\n').filter(Boolean).sort();
  }

  test('keep only the output directory, however deep it is', () => {
    expect.hasAssertions();
    const files = [
      'clusters/prod/spark/manifests/teams.k8s.yaml',
      'clusters/prod/other.yaml',
      'clusters/dev/x.yaml',
      'apps/y.yaml',
      'README.md',
    ];
    expect(ignored('clusters/prod/spark', files)).toEqual(['README.md', 'apps/y.yaml', 'clusters/dev/x.yaml', 'clusters/prod/other.yaml']);
  });

  test('an output directory at the repository root ignores nothing', () => {
    expect.hasAssertions();
    const files = filesOf(withGitOps({ path: '.' }));
    expect(objectsIn(files, 'gitops/flux/git-repository.yaml')[0].spec.ignore).toBeUndefined();
    expect(objectsIn(files, 'gitops/flux/kustomizations.yaml')[0].spec.path).toBe('./manifests');
  });
});
