import { ApiObject } from 'cdk8s';
import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderGitOps } from '../gitops/render';
import { EnvironmentPlace, SynthesizedObject } from '../gitops/source';
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
  return withGitOps(config, renderBundles(config), environment);
}

/**
 * The bundles but the GitOps objects, which for an environment depend on
 * whether the environments share one Helm chart (known only once every
 * chart is rendered), and the objects those GitOps objects deploy.
 */
export interface Bundles {
  readonly files: RenderedFiles;
  readonly objects: readonly SynthesizedObject[];
}

export function renderBundles(config: Config): Bundles {
  const app = buildApp(config);
  const objects = app.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.metadata.namespace }));
  const files: RenderedFiles = new Map([
    ...renderManifests(app),
    ...renderIamPolicies(config),
    [OVERVIEW_PATH, renderOverview(config)],
    [SPARK_OPERATOR_VALUES_PATH, renderSparkOperatorValues(config)],
  ]);
  return { files, objects };
}

/** The bundles with the GitOps objects that deploy them (from `DIR/<environment>/` for an environment). */
export function withGitOps(config: Config, bundles: Bundles, environment?: EnvironmentPlace): RenderedFiles {
  return new Map([...bundles.files, ...renderGitOps(config, bundles.objects, environment)]);
}
