import { stringifyYamlDocument } from './block-yaml';

/** Output files by path relative to the output directory, in a stable order; Buffers are binary (the chart .tgz). */
export type RenderedFiles = Map<string, string | Buffer>;

/**
 * YAML exactly as `cdk8s synth` writes it (cdk8s' `Yaml.stringify`), so both
 * ways of synthesizing give the same bytes. Keys whose value is undefined are
 * left out, as in JSON (cdk8s' serializer would write them as null).
 */
export function toYaml(...documents: unknown[]): string {
  return documents.map(stringifyYamlDocument).join('---\n');
}
