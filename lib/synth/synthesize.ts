import { Config } from '../config/schema';
import { renderGitOps } from '../gitops/render';
import { EnvironmentPlace, SynthesizedObject } from '../gitops/source';
import { renderHelmChart } from '../helm/render-chart';
import { plainYaml } from '../helm/plain-yaml';
import { buildTokenizedApp, TokenizedApp } from '../helm/tokenized-app';
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
  let app: TokenizedApp | undefined;
  const bundles = stage('synth', () => withGitOps(config, renderBundles(config, (app = buildTokenizedApp(config))), place));
  return new Map([...bundles, ...stage('package', () => renderHelmChart(config, app))]);
}

/** All but the Helm chart: manifests, IAM policies, GitOps objects, overview, Spark operator values. */
export function synthesizeBundles(config: Config, environment?: EnvironmentPlace, app?: TokenizedApp): RenderedFiles {
  return withGitOps(config, renderBundles(config, app), environment);
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

/**
 * The bundles of `config`, their manifests from its tokenized app (built
 * here unless given; the Helm chart comes from the same app) with the values
 * put back.
 */
export function renderBundles(config: Config, app: TokenizedApp = buildTokenizedApp(config)): Bundles {
  const charts = plainYaml(config, app);
  const objects = charts.flatMap(({ heads }) => heads);
  const files: RenderedFiles = new Map([
    ...renderManifests(charts),
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
