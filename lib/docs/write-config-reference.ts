import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configSchema } from '../config/schema';
import { packagePath } from '../package-root';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from './config-reference';

/** `npm run docs`: regenerates docs/config.md from the schema. */
if (require.main === module) {
  const file = packagePath(CONFIG_REFERENCE_PATH);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderConfigReference(configSchema));
  process.stdout.write(`wrote ${CONFIG_REFERENCE_PATH}\n`);
}
