import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { environmentConfigs } from '../../lib/config/environments';
import { loadConfig } from '../../lib/config/load';
import { packagePath } from '../../lib/package-root';
import { synthesizeEnvironments } from '../../lib/synth/environments';
import { K8sObject, textFile } from '../helpers';
import { kustomizeWithPatches, writeOutput } from './kustomize-build';

const EXAMPLE = packagePath('examples', 'environments.yaml');
/** The example's output, as committed at its gitops.path (`spark`) in the repository. */
const files = new Map(
  [...synthesizeEnvironments(environmentConfigs(loadConfig(EXAMPLE), EXAMPLE))].map(([path, content]) => [`spark/${path}`, content]),
);

function objects(path: string): K8sObject[] {
  return yaml.loadAll(textFile(files, path)) as K8sObject[];
}

describe('GitOps objects of an environment', () => {
  test("the Argo CD Applications carry the environment's name and deploy its own directory to its own cluster", () => {
    expect.hasAssertions();
    expect(
      objects('spark/prod/gitops/argocd/applications.yaml').map((app) => [
        app.metadata.name,
        app.spec.source.path,
        app.spec.destination.name,
      ]),
    ).toEqual([
      ['spark-s3-jars-prod', 'spark/prod/manifests', 'spark-prod'],
      ['spark-s3-jars-prod-jobs', 'spark/prod/manifests', 'spark-prod'],
    ]);
  });

  test('no two environments write an Argo CD Application or Flux object of the same name', () => {
    expect.hasAssertions();
    const names = ['dev', 'prod'].flatMap((env) =>
      [
        `spark/${env}/gitops/argocd/applications.yaml`,
        `spark/${env}/gitops/flux/kustomizations.yaml`,
        `spark/${env}/gitops/flux/git-repository.yaml`,
      ].flatMap((path) => objects(path).map((o) => `${o.kind}/${o.metadata.name}`)),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  test("each Flux Kustomization of an environment builds that environment's objects with kustomize", () => {
    expect.hasAssertions();
    const output = writeOutput(files);
    const built = objects('spark/prod/gitops/flux/kustomizations.yaml').flatMap((k) =>
      kustomizeWithPatches(output, k.spec.path.replace(/^\.\//, ''), k.spec.patches),
    );
    const risk = built.filter((o) => o.metadata.namespace === 'risk' || o.metadata.name === 'risk');
    expect([...new Set(risk.map((o) => o.kind))].sort()).toEqual([
      'Namespace',
      'Role',
      'RoleBinding',
      'ServiceAccount',
      'SparkApplication',
    ]);
  });

  test("the environment's GitRepository fetches only the environment's directory", () => {
    expect.hasAssertions();
    expect(objects('spark/dev/gitops/flux/git-repository.yaml')[0].spec.ignore).toBe('/*\n!/spark/\n/spark/*\n!/spark/dev/\n');
  });

  test('the output is DIR/<environment>/ per environment and one OVERVIEW.md beside them', () => {
    expect.hasAssertions();
    expect([...new Set([...files.keys()].map((path) => join(...path.split('/').slice(0, 2))))].sort()).toEqual([
      'spark/OVERVIEW.md',
      'spark/dev',
      'spark/prod',
    ]);
  });
});
