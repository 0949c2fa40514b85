import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderIamPolicies } from '../iam/policy-files';
import { renderManifests, RenderedFiles } from './render';

/** Everything `synth` writes for a config, in memory: manifests and IAM policies. */
export function synthesize(config: Config): RenderedFiles {
  return new Map([...renderManifests(buildApp(config)), ...renderIamPolicies(config)]);
}
