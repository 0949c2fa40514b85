import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    expect(gitopsPaths(synthesize(exampleConfig('node-daemonset.yaml')))).toEqual([]);
  });

  test('examples/gitops.yaml gives the Argo CD and Flux files', () => {
    expect(gitopsPaths(synthesize(exampleConfig('gitops.yaml')))).toEqual([
      'gitops/argocd/application-helm.yaml',
      'gitops/argocd/application.yaml',
      'gitops/flux/git-repository.yaml',
      'gitops/flux/helm-release.yaml',
      'gitops/flux/kustomization.yaml',
      'gitops/flux/kustomizations.yaml',
    ]);
  });

  test('the defaults: path dist, branch main, Argo CD in argocd/default to the in-cluster server, Flux in flux-system', () => {
    const files = filesOf(withGitOps({}));
    const [application] = objectsIn(files, 'gitops/argocd/application.yaml');
    expect(application.metadata).toMatchObject({ name: 'spark-s3-jars', namespace: 'argocd' });
    expect(application.spec).toEqual({
      project: 'default',
      source: { repoURL: REPO, targetRevision: 'main', path: 'dist/manifests' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    const [repository] = objectsIn(files, 'gitops/flux/git-repository.yaml');
    expect(repository.metadata.namespace).toBe('flux-system');
    expect(repository.spec).toMatchObject({ url: REPO, ref: { branch: 'main' }, interval: '10m' });
  });

  test('the Helm alternative points Argo CD at DIR/helm/<chart.name> under the same Application name', () => {
    const files = filesOf(withGitOps({ path: 'clusters/prod' }));
    const [helm] = objectsIn(files, 'gitops/argocd/application-helm.yaml');
    const [plain] = objectsIn(files, 'gitops/argocd/application.yaml');
    expect(helm.metadata.name).toBe(plain.metadata.name);
    expect(helm.spec.source).toEqual({
      repoURL: REPO,
      targetRevision: 'main',
      path: 'clusters/prod/helm/spark-s3-jars',
      helm: { releaseName: 'spark-s3-jars' },
    });
  });

  test('an Argo CD destination by cluster name has no server', () => {
    const [application] = objectsIn(filesOf(withGitOps({ argocd: { destination: { name: 'prod-eu' } } })), 'gitops/argocd/application.yaml');
    expect(application.spec.destination).toEqual({ name: 'prod-eu' });
  });

  test('a destination with both server and name is refused', () => {
    expect(problemsOf(withGitOps({ argocd: { destination: { server: 'https://eks.example', name: 'prod' } } }))).toEqual([
      'gitops.argocd.destination: set either server or name, not both',
    ]);
  });

  test.each([
    [{ path: '/dist' }, 'gitops.path: must be a relative path such as dist or clusters/prod/spark, without a leading or trailing "/"'],
    [{ repoURL: 'github.com/acme/x' }, 'gitops.repoURL: must be a Git URL starting with https://, ssh:// or git@, without spaces or quotes'],
    [{ flux: { interval: '10 minutes' } }, 'gitops.flux.interval: must be a Go duration such as 30s, 10m or 1h'],
    [
      { flux: { sourceRef: { name: 'flux-system' }, secretRef: { name: 'git' } } },
      'gitops.flux: secretRef belongs on the GitRepository named by sourceRef, which this tool does not emit: set one of them',
    ],
  ])('%j is refused', (gitops, problem) => {
    expect(problemsOf(withGitOps(gitops))).toEqual([problem]);
  });

  test('argocd.enabled: false and flux.enabled: false leave their directory out', () => {
    expect(gitopsPaths(filesOf(withGitOps({ argocd: { enabled: false } }))).every((p) => p.startsWith('gitops/flux/'))).toBe(true);
    expect(gitopsPaths(filesOf(withGitOps({ flux: { enabled: false } }))).every((p) => p.startsWith('gitops/argocd/'))).toBe(true);
  });
});

describe('Flux Kustomizations', () => {
  const files = synthesize(exampleConfig('gitops.yaml'));
  const kustomizations = objectsIn(files, 'gitops/flux/kustomizations.yaml');

  test('one per stage, chained with dependsOn: foundation, then mounts, then applications', () => {
    expect(kustomizations.map((k) => [k.metadata.name, k.spec.dependsOn])).toEqual([
      ['spark-s3-jars-foundation', undefined],
      ['spark-s3-jars-mounts', [{ name: 'spark-s3-jars-foundation' }]],
      ['spark-s3-jars-applications', [{ name: 'spark-s3-jars-mounts' }]],
    ]);
  });

  test('each applies DIR/manifests from the GitRepository, pruning, and waits for readiness before the next stage', () => {
    for (const k of kustomizations) {
      expect(k.metadata.namespace).toBe('flux-system');
      expect(k.spec).toMatchObject({
        path: './clusters/spark-operator-doeks/spark/manifests',
        sourceRef: { kind: 'GitRepository', name: 'spark-s3-jars' },
        prune: true,
        interval: '5m',
      });
    }
    expect(kustomizations.map((k) => k.spec.wait)).toEqual([true, true, false]);
  });

  test('each keeps only the objects of its own wave', () => {
    expect(kustomizations.map((k) => k.spec.patches.map((p: any) => p.target.annotationSelector))).toEqual([
      ['argocd.argoproj.io/sync-wave notin (0)'],
      ['argocd.argoproj.io/sync-wave notin (1)'],
      ['argocd.argoproj.io/sync-wave notin (2)'],
    ]);
    expect(yaml.load(kustomizations[0].spec.patches[0].patch)).toMatchObject({ $patch: 'delete' });
  });

  test('a stage without objects gets no Kustomization, and the chain closes over the gap', () => {
    const names = objectsIn(filesOf({ ...withGitOps({}), sparkApplications: [] }), 'gitops/flux/kustomizations.yaml').map((k) => k.metadata.name);
    expect(names).toEqual(['spark-s3-jars-foundation', 'spark-s3-jars-mounts']);
  });

  test('the Flux kustomization.yaml lists the GitRepository and the Kustomizations, not the HelmRelease alternative', () => {
    expect(yaml.load(textFile(files, 'gitops/flux/kustomization.yaml'))).toMatchObject({ resources: ['git-repository.yaml', 'kustomizations.yaml'] });
  });

  test('with flux.sourceRef the existing GitRepository is used and none is emitted', () => {
    const withSource = filesOf(withGitOps({ flux: { sourceRef: { name: 'flux-system' } } }));
    expect(withSource.has('gitops/flux/git-repository.yaml')).toBe(false);
    expect(yaml.load(textFile(withSource, 'gitops/flux/kustomization.yaml'))).toMatchObject({ resources: ['kustomizations.yaml'] });
    for (const object of [...objectsIn(withSource, 'gitops/flux/kustomizations.yaml'), ...objectsIn(withSource, 'gitops/flux/helm-release.yaml')]) {
      expect(object.spec.sourceRef ?? object.spec.chart.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'flux-system' });
    }
  });

  test('the HelmRelease alternative releases the chart at DIR/helm/<chart.name> from the GitRepository on every revision', () => {
    const [release] = objectsIn(files, 'gitops/flux/helm-release.yaml');
    expect(release.kind).toBe('HelmRelease');
    expect(release.spec.chart.spec).toEqual({
      chart: './clusters/spark-operator-doeks/spark/helm/spark-s3-jars',
      sourceRef: { kind: 'GitRepository', name: 'spark-s3-jars' },
      reconcileStrategy: 'Revision',
    });
  });

  test('a private repository gets its secretRef', () => {
    const [repository] = objectsIn(filesOf(withGitOps({ flux: { secretRef: { name: 'git-credentials' } } })), 'gitops/flux/git-repository.yaml');
    expect(repository.spec.secretRef).toEqual({ name: 'git-credentials' });
  });
});


describe('Flux Kustomizations, built by kustomize (kubectl kustomize) as Flux builds them', () => {
  test('together yield every object of DIR/manifests exactly once, each in its own wave', () => {
    const files = synthesize(exampleConfig('gitops.yaml'));
    const dir = tempDir();
    for (const [path, content] of files) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const built = objectsIn(files, 'gitops/flux/kustomizations.yaml').map((k, wave) => {
      const overlay = join(dir, 'overlays', k.metadata.name);
      mkdirSync(overlay, { recursive: true });
      writeFileSync(join(overlay, 'kustomization.yaml'), yaml.dump({ resources: ['../../manifests'], patches: k.spec.patches }));
      const result = spawnSync(requireTool('kubectl'), ['kustomize', overlay], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const objects = yaml.loadAll(result.stdout) as K8sObject[];
      expect(objects.map((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'])).toEqual(objects.map(() => String(wave)));
      return objects.map((o) => `${o.kind}/${o.metadata.name}`);
    });
    const all = (yaml.loadAll(spawnSync(requireTool('kubectl'), ['kustomize', join(dir, 'manifests')], { encoding: 'utf8' }).stdout) as K8sObject[]).map(
      (o) => `${o.kind}/${o.metadata.name}`,
    );
    expect(built.flat().sort()).toEqual(all.sort());
    expect(built.every((objects) => objects.length > 0)).toBe(true);
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
    const files = ['clusters/prod/spark/manifests/teams.k8s.yaml', 'clusters/prod/other.yaml', 'clusters/dev/x.yaml', 'apps/y.yaml', 'README.md'];
    expect(ignored('clusters/prod/spark', files)).toEqual(['README.md', 'apps/y.yaml', 'clusters/dev/x.yaml', 'clusters/prod/other.yaml']);
  });

  test('an output directory at the repository root ignores nothing', () => {
    const files = filesOf(withGitOps({ path: '.' }));
    expect(objectsIn(files, 'gitops/flux/git-repository.yaml')[0].spec.ignore).toBeUndefined();
    expect(objectsIn(files, 'gitops/flux/kustomizations.yaml')[0].spec.path).toBe('./manifests');
  });
});
