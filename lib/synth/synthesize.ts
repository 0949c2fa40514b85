import { ApiObject } from 'cdk8s';
import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderGitOps } from '../gitops/render';
import { EnvironmentPlace } from '../gitops/source';
import { renderHelmChart } from '../helm/render-chart';
import { renderIamPolicies } from '../iam/policy-files';
import { OVERVIEW_PATH, renderOverview } from '../overview/overview';
import { RenderedFiles } from '../rendered-files';
import { renderSparkOperatorValues, SPARK_OPERATOR_VALUES_PATH } from '../spark/operator-values';
import { renderManifests } from './render';

/** Runs one stage of the synthesis (`synth`: manifests, IAM, GitOps, overview; `package`: the Helm chart), so the CLI can time it. */
export type SynthStage = (name: 'synth' | 'package', work: () => RenderedFiles) => RenderedFiles;

const untimed: SynthStage = (_, work) => work();

/**
 * Everything `synth` writes for a config, in memory: manifests, Helm chart,
 * IAM policies, GitOps objects, overview, Spark operator values. With
 * `environment`, the config is that environment's and the GitOps objects
 * deploy `DIR/<environment>/`.
 */
export function synthesize(config: Config, stage: SynthStage = untimed, environment?: string): RenderedFiles {
  const place = environment === undefined ? undefined : { name: environment, sharedChart: false };
  return new Map([...stage('synth', () => synthesizeBundles(config, place)), ...stage('package', () => renderHelmChart(config))]);
}

/** All but the Helm chart: manifests, IAM policies, GitOps objects, overview, Spark operator values. */
export function synthesizeBundles(config: Config, environment?: EnvironmentPlace): RenderedFiles {
  const app = buildApp(config);
  const objects = app.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.metadata.namespace }));
  return new Map([
    ...renderManifests(app),
    ...renderIamPolicies(config),
    ...renderGitOps(config, objects, environment),
    [OVERVIEW_PATH, renderOverview(config)],
    [SPARK_OPERATOR_VALUES_PATH, renderSparkOperatorValues(config)],
  ]);
}
