import { buildApp } from '../app';
import { Config } from '../config/schema';
import { renderHelmChart } from '../helm/render-chart';
import { renderManifests, RenderedFiles } from './render';

/** Everything `synth` writes for a config, in memory. */
export function synthesize(config: Config): RenderedFiles {
  return new Map([...renderManifests(buildApp(config)), ...renderHelmChart(config)]);
}
