import { Config } from '../config/schema';
import { Environment } from '../config/environments';
import { OVERVIEW_PATH } from '../overview/overview';
import { renderEnvironmentsOverview } from '../overview/environments';
import { RenderedFiles } from './render';
import { synthesize, SynthStage } from './synthesize';

/** The files of one environment, by path relative to `DIR/<environment>/`. */
export interface EnvironmentOutput {
  readonly name: string;
  readonly config: Config;
  readonly files: RenderedFiles;
}

/**
 * Everything `synth` writes for a config with environments: `DIR/<name>/…`,
 * for each environment what a config of its own would give (its GitOps
 * objects deploying `DIR/<name>/`), and `DIR/OVERVIEW.md` comparing them.
 */
export function synthesizeEnvironments(environments: readonly Environment[], stage?: SynthStage): RenderedFiles {
  return environmentsOutput(environments.map(({ name, config }) => ({ name, config, files: synthesize(config, stage, name) })));
}

/** The output directory of environments already synthesized one by one (as `synth` does, to check each against its Kubernetes version). */
export function environmentsOutput(environments: readonly EnvironmentOutput[]): RenderedFiles {
  const files: RenderedFiles = new Map([[OVERVIEW_PATH, renderEnvironmentsOverview(environments)]]);
  for (const { name, files: own } of environments) {
    for (const [path, content] of own) files.set(`${name}/${path}`, content);
  }
  return files;
}
