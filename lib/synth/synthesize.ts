import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderManifests, RenderedFiles } from './render';

/** Everything `synth` writes for a config, in memory. */
export function synthesize(config: Config): RenderedFiles {
  return renderManifests(buildApp(config));
}
