import { packagePath } from '../package-root';
import { configSchema } from './schema';

/**
 * Where `npm run build` writes the config's JSON Schema; the package exports
 * it as `mountpoint-s3-spark/schema.json`.
 */
export const CONFIG_SCHEMA_PATH = packagePath('build', 'schema.json');

/** The config's JSON Schema as a file: what `schema` prints and the build writes. */
export function configSchemaJson(): string {
  return `${JSON.stringify(configSchema, null, 2)}\n`;
}
