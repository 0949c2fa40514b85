import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { passed } from '../../lib/check/check-resources';
import { REPORTERS } from '../../lib/check/report';
import { checkRenderedManifests } from '../../lib/check/rendered-manifests';
import { loadConfigText } from '../../lib/config/load';
import { HEALTH_CHECK_EXPRS } from '../../lib/gitops/flux';
import { compileRule } from '../../lib/check/kubernetes-cel';
import { RenderedFiles } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { checkText, reported } from '../check/helpers';
import { defaultConfigData, ROOT, runCli, tempDir, textFile } from '../helpers';

const REPO = 'https://github.com/acme/spark-platform.git';

function gitopsFiles(gitops: Record<string, unknown>): RenderedFiles {
  const files = synthesize(loadConfigText(yaml.dump({ ...defaultConfigData(), gitops: { repoURL: REPO, ...gitops } }), 'config.yaml'));
  return new Map([...files].filter(([path]) => path.startsWith('gitops/')));
}

const crds = JSON.parse(readFileSync(join(ROOT, 'schemas', 'crds.json'), 'utf8')) as Array<{
  group: string;
  version: string;
  kind: string;
  schema: object;
}>;

describe('the vendored GitOps CRDs (schemas/crds.json, from ../shared/crds/gitops)', () => {
  const rulesIn = (schema: object) => (JSON.stringify(schema).match(/"x-kubernetes-validations"/g) ?? []).length;

  test('are the served versions of Argo CD Application, ApplicationSet, AppProject and Flux GitRepository, HelmChart, HelmRelease, Kustomization', () => {
    expect.hasAssertions();
    const gitops = crds.filter((crd) => /argoproj\.io|fluxcd\.io/.test(crd.group)).map((crd) => `${crd.group}/${crd.version}/${crd.kind}`);
    expect(gitops).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'argoproj.io/v1alpha1/AppProject',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'source.toolkit.fluxcd.io/v1/HelmChart',
      'helm.toolkit.fluxcd.io/v2/HelmRelease',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
    ]);
  });

  test("keep the Flux CRDs' CEL rules", () => {
    expect.hasAssertions();
    const rules = Object.fromEntries(crds.filter((crd) => crd.group.endsWith('fluxcd.io')).map((crd) => [crd.kind, rulesIn(crd.schema)]));
    expect(rules).toEqual({ GitRepository: 1, HelmChart: 1, HelmRelease: 4, Kustomization: 1 });
  });
});

describe('check validates the GitOps objects against the vendored Argo CD and Flux CRDs, CEL rules included', () => {
  test.each([
    ['manifests, default project', {}],
    ['manifests, own project, cluster by name', { argocd: { project: 'spark', destination: { name: 'prod-eu' } } }],
    ['helm', { deliver: 'helm', flux: { dependsOn: [{ name: 'spark-operator', namespace: 'spark-operator' }] } }],
    [
      'an existing GitRepository and Kustomizations to wait for',
      { flux: { sourceRef: { name: 'flux-system' }, dependsOn: [{ name: 'infra' }] } },
    ],
    ['a private repository at the root', { path: '.', flux: { secretRef: { name: 'git' } } }],
  ])('%s: every object valid, every CEL rule evaluated', (_, gitops) => {
    expect.hasAssertions();
    const report = checkRenderedManifests(gitopsFiles(gitops), '1.31');
    expect(passed(report) ? undefined : REPORTERS.text([report])).toBeUndefined();
    expect(reported(report)).toEqual([]);
    expect(report.resources.length).toBeGreaterThan(1);
  });

  test('hostile but allowed strings (YAML indicators, comments, template braces) reach every object unchanged and valid', () => {
    expect.hasAssertions();
    const repoURL = 'https://git.example.com/a/b.git?x=#&*!|>{{.Values}}%:-';
    const files = gitopsFiles({
      repoURL,
      argocd: { project: 'spark', destination: { name: 'arn:aws:eks:eu-west-1:1:cluster@prod' } },
      deliver: 'helm',
    });
    const objects = [...files]
      .filter(([path]) => path.endsWith('.yaml') && !path.endsWith('/kustomization.yaml'))
      .flatMap(([, text]) => yaml.loadAll(String(text)) as any[]);
    expect(objects.map((o) => o.spec.source?.repoURL ?? o.spec.sourceRepos?.[0] ?? o.spec.url).filter(Boolean)).toEqual([
      repoURL,
      repoURL,
      repoURL,
    ]);
    const report = checkRenderedManifests(files, '1.31');
    expect(passed(report) ? undefined : REPORTERS.text([report])).toBeUndefined();
  });

  test('an unknown field in an Application is an error (strict schema)', () => {
    expect.hasAssertions();
    const [application] = yaml.loadAll(textFile(gitopsFiles({}), 'gitops/argocd/applications.yaml')) as any[];
    application.spec.syncPolicy.automated.selfheal = true;
    expect(reported(checkText(yaml.dump(application)))).toEqual([
      'schema/additionalProperties Application/argocd/spark-s3-jars /spec/syncPolicy/automated/selfheal',
    ]);
  });

  test('an ApplicationSet over the output is checked against its vendored CRD too', () => {
    expect.hasAssertions();
    const applicationSet = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'spark-clusters', namespace: 'argocd' },
      spec: {
        goTemplate: true,
        generators: [{ list: { elements: [{ cluster: 'prod' }] } }],
        template: {
          metadata: { name: 'spark-{{.cluster}}' },
          spec: { project: 'default', source: { repoURL: REPO, path: 'dist/manifests' }, destination: { name: '{{.cluster}}' } },
        },
      },
    };
    expect(reported(checkText(yaml.dump(applicationSet)))).toEqual([]);
    expect(reported(checkText(yaml.dump({ ...applicationSet, spec: { ...applicationSet.spec, gotemplate: true } })))).toEqual([
      'schema/additionalProperties ApplicationSet/argocd/spark-clusters /spec/gotemplate',
    ]);
  });

  test("a HelmRelease with both chart and chartRef breaks the CRD's CEL rule", () => {
    expect.hasAssertions();
    const [release] = yaml.loadAll(textFile(gitopsFiles({ deliver: 'helm' }), 'gitops/flux/helm-release.yaml')) as any[];
    release.spec.chartRef = { kind: 'OCIRepository', name: 'chart' };
    expect(reported(checkText(yaml.dump(release)))).toEqual(['cel HelmRelease/flux-system/spark-s3-jars /spec']);
  });

  test('`check DIR/gitops` of a synthesized output: every object valid, kustomization.yaml skipped', () => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    expect(runCli(['synth', '--config', join(ROOT, 'examples', 'gitops.yaml'), '--out', out]).status).toBe(0);
    const result = runCli(['check', join(out, 'gitops')]);
    expect([result.status, result.stdout, result.stderr]).toEqual([
      0,
      'Kubernetes 1.30: 8 resources - valid 7, invalid 0, skipped 1\n',
      '',
    ]);
  });

  test('synth checks the GitOps objects it writes together with the manifests', () => {
    expect.hasAssertions();
    const report = checkRenderedManifests(gitopsFiles({ argocd: { project: 'spark' } }), '1.31');
    expect(report.resources.map((r) => `${String(r.object.kind)}`).sort()).toEqual([
      'AppProject',
      'Application',
      'Application',
      'GitRepository',
      'Kustomization',
      'Kustomization',
      'Kustomization',
      'Kustomization',
    ]);
  });
});

describe('Flux health check expressions, evaluated by CEL over the object as Flux passes it', () => {
  const judge = (kind: string, object: Record<string, unknown>) => {
    const check = HEALTH_CHECK_EXPRS.find((c) => c.kind === kind)!;
    const evaluate = (expression: string | undefined) => (expression ? compileRule(expression)(object as { self: unknown }) : false);
    if (evaluate('failed' in check ? check.failed : undefined) === true) return 'failed';
    return evaluate(check.current) === true ? 'current' : 'in progress';
  };

  test.each([
    [{ metadata: {}, spec: {}, status: {} }, 'in progress'],
    [{ status: { applicationState: { state: 'SUBMITTED' } } }, 'in progress'],
    [{ status: { applicationState: { state: 'RUNNING' } } }, 'current'],
    [{ status: { applicationState: { state: 'COMPLETED' } } }, 'current'],
    [{ status: { applicationState: { state: 'FAILED' } } }, 'failed'],
    // Not final: the operator retries them under restartPolicy OnFailure and marks them FAILED when it gives up
    // (reconcileFailedSubmissionSparkApplication / reconcileFailingSparkApplication in internal/controller/sparkapplication/controller.go, v2.5.2).
    [{ status: { applicationState: { state: 'SUBMISSION_FAILED' } } }, 'in progress'],
    [{ status: { applicationState: { state: 'FAILING' } } }, 'in progress'],
    [{ status: { applicationState: { state: 'PENDING_RERUN' } } }, 'in progress'],
  ])('SparkApplication %j is %s', (object, expected) => {
    expect.hasAssertions();
    expect(judge('SparkApplication', object)).toBe(expected);
  });

  test.each([
    [{ status: {} }, 'in progress'],
    [{ status: { conditions: [{ type: 'Ready', status: 'False' }] } }, 'in progress'],
    [
      {
        status: {
          conditions: [
            { type: 'NodeClassReady', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
        },
      },
      'current',
    ],
  ])('NodePool %j is %s', (object, expected) => {
    expect.hasAssertions();
    expect(judge('NodePool', object)).toBe(expected);
  });

  test.each([
    [{ status: { scheduleState: 'Scheduled' } }, 'current'],
    [{ status: { scheduleState: 'FailedValidation' } }, 'failed'],
    [{ spec: { suspend: false }, status: {} }, 'in progress'],
    // The operator returns before writing any status while suspend is true (scheduledsparkapplication/controller.go, v2.5.2).
    [{ spec: { suspend: true }, status: {} }, 'current'],
  ])('ScheduledSparkApplication %j is %s', (object, expected) => {
    expect.hasAssertions();
    expect(judge('ScheduledSparkApplication', object)).toBe(expected);
  });

  test('every expression names the apiVersion of the vendored CRD of its kind', () => {
    expect.hasAssertions();
    const vendored = new Set(crds.map((crd) => `${crd.group}/${crd.version}/${crd.kind}`));
    expect(HEALTH_CHECK_EXPRS.filter((c) => !vendored.has(`${c.apiVersion}/${c.kind}`))).toEqual([]);
  });
});
