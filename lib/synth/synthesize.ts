import { ApiObject } from 'cdk8s';
import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderGitOps } from '../gitops/render';
import { renderHelmChart } from '../helm/render-chart';
import { renderIamPolicies } from '../iam/policy-files';
import { OVERVIEW_PATH, renderOverview } from '../overview/overview';
import { RenderedFiles } from '../rendered-files';
import { renderSparkOperatorValues, SPARK_OPERATOR_VALUES_PATH } from '../spark/operator-values';
import { renderManifests } from './render';

/** Runs one stage of the synthesis (`synth`: manifests, IAM, GitOps, overview; `package`: the Helm chart), so the CLI can time it. */
export type SynthStage = (name: 'synth' | 'package', work: () => RenderedFiles) => RenderedFiles;

const untimed: SynthStage = (_, work) => work();

/** Everything `synth` writes for a config, in memory: manifests, Helm chart, IAM policies, GitOps objects, overview, Spark operator values. */
export function synthesize(config: Config, stage: SynthStage = untimed): RenderedFiles {
  const bundles = stage('synth', () => {
    const app = buildApp(config);
    const objects = app.node
      .findAll()
      .filter(ApiObject.isApiObject)
      .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.metadata.namespace }));
    return new Map([
      ...renderManifests(app),
      ...renderIamPolicies(config),
      ...renderGitOps(config, objects),
      [OVERVIEW_PATH, renderOverview(config)],
      [SPARK_OPERATOR_VALUES_PATH, renderSparkOperatorValues(config)],
    ]);
  });
  return new Map([...bundles, ...stage('package', () => renderHelmChart(config))]);
}
