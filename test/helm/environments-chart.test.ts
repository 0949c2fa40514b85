import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { packagePath } from '../../lib/package-root';
import { defaultConfigData, K8sObject, runCli, tempDir } from '../helpers';
import { expectSameObjects, helm, helmTemplate } from './helm';

/** The default example in dev and prod that differ only in chart values, delivered by Helm. */
function valuesOnlyConfig(): string {
  const data = defaultConfigData();
  data.gitops = { repoURL: 'https://github.com/acme/spark.git', path: 'spark', deliver: 'helm', flux: { enabled: true } };
  data.environments = [
    { name: 'dev' },
    {
      name: 'prod',
      buckets: [{ name: 'jars', bucket: 'acme-jars-prod' }],
      teams: [{ name: 'spark-team-a', serviceAccount: { iamRoleArn: 'arn:aws:iam::444455556666:role/spark-prod' } }],
      sparkApplications: [{ name: 'taxi-trip', executor: { instances: 12, memory: '8g' } }],
      gitops: { argocd: { destination: { name: 'prod' } } },
    },
  ];
  const file = join(tempDir(), 'platform.yaml');
  writeFileSync(file, yaml.dump(data));
  return file;
}

function synthesized(config: string): string {
  const out = join(tempDir(), 'spark');
  const result = runCli(['synth', '--config', config, '--out', out]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return out;
}

function manifests(dir: string): K8sObject[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((f) => yaml.loadAll(readFileSync(join(dir, f), 'utf8')) as K8sObject[]);
}

describe('environments that differ only in chart values share one Helm chart', () => {
  const out = synthesized(valuesOnlyConfig());
  const chart = join(out, 'helm', 'spark-s3-jars');

  test('DIR/helm/<chart>/ holds values-<environment>.yaml beside values.yaml, and no environment has a chart of its own', () => {
    expect.hasAssertions();
    expect(readdirSync(chart).filter((f) => f.startsWith('values'))).toEqual([
      'values-dev.yaml',
      'values-prod.yaml',
      'values.schema.json',
      'values.yaml',
    ]);
    expect(['dev', 'prod'].map((env) => existsSync(join(out, env, 'helm')))).toEqual([false, false]);
  });

  test.each(['dev', 'prod'])('helm template -f values-%s.yaml renders exactly the objects of DIR/<environment>/manifests', (env) => {
    expect.hasAssertions();
    for (const source of [chart, join(out, 'helm', 'spark-s3-jars-0.1.0.tgz')]) {
      const rendered = helmTemplate(['spark-s3-jars', source, '-f', join(chart, `values-${env}.yaml`)]);
      expectSameObjects(rendered, manifests(join(out, env, 'manifests')), 'spark-s3-jars-0.1.0');
    }
  });

  test("helm lint --strict passes with each environment's values", () => {
    expect.hasAssertions();
    for (const env of ['dev', 'prod']) expect(helm(['lint', '--strict', chart, '-f', join(chart, `values-${env}.yaml`)]).status).toBe(0);
  });

  test("each environment's Argo CD Application and Flux HelmRelease release the shared chart with its values file", () => {
    expect.hasAssertions();
    const [application] = yaml.loadAll(readFileSync(join(out, 'prod', 'gitops', 'argocd', 'applications.yaml'), 'utf8')) as K8sObject[];
    expect(application.spec.source).toMatchObject({ path: 'spark/helm/spark-s3-jars', helm: { valueFiles: ['values-prod.yaml'] } });
    const release = yaml.load(readFileSync(join(out, 'prod', 'gitops', 'flux', 'helm-release.yaml'), 'utf8')) as K8sObject;
    expect(release.spec.chart.spec).toMatchObject({
      chart: './spark/helm/spark-s3-jars',
      valuesFiles: ['./spark/helm/spark-s3-jars/values.yaml', './spark/helm/spark-s3-jars/values-prod.yaml'],
    });
  });

  test('OVERVIEW.md says how to render each environment', () => {
    expect.hasAssertions();
    expect(readFileSync(join(out, 'OVERVIEW.md'), 'utf8')).toContain(
      '- prod: `helm template spark-s3-jars helm/spark-s3-jars -f helm/spark-s3-jars/values-prod.yaml`',
    );
  });
});

describe('environments that differ in structure get one Helm chart each', () => {
  const out = synthesized(packagePath('examples', 'environments.yaml'));

  test.each(['dev', 'prod'])('the chart of %s renders exactly the objects of its manifests', (env) => {
    expect.hasAssertions();
    const rendered = helmTemplate(['spark-s3-jars', join(out, env, 'helm', 'spark-s3-jars')]);
    expectSameObjects(rendered, manifests(join(out, env, 'manifests')), 'spark-s3-jars-0.1.0');
  });

  test('OVERVIEW.md names the fields values cannot express, and no GitOps field among them', () => {
    expect.hasAssertions();
    const causes = readFileSync(join(out, 'OVERVIEW.md'), 'utf8').split('## Helm chart\n')[1];
    expect(causes).toContain('\n- `teams.risk`\n');
    expect(causes).toContain('\n- `nodePools.spark.capacityTypes`\n');
    expect(causes).not.toContain('gitops');
  });
});
