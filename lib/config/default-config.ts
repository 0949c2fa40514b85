import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root';

/**
 * The built-in default is the seed document's walkthrough (corrected): it is
 * also the node-daemonset example and what `init` writes for that approach,
 * so the three can never drift apart.
 */
export const DEFAULT_CONFIG_NAME = 'examples/node-daemonset.yaml';

export function defaultConfigText(): string {
  return readFileSync(packagePath(DEFAULT_CONFIG_NAME), 'utf8');
}
