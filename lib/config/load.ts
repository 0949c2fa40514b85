import { environmentProblems, rememberWrittenBase } from './environments';
import { EnvironmentError } from '../files/environment-error';
import { DEFAULT_MAX_INPUT_MIB, mebibytes, readInputFile } from '../files/read-input';
import { parseConfigText } from './parse';
import { ConfigError } from './problems';
import { checkConfigRules } from './rules';
import { Config } from './schema';
import { validateAgainstSchema } from './validate-schema';
import { DEFAULT_CONFIG_NAME, defaultConfigText } from './default-config';

/**
 * Validates parsed config data: schema first (filling defaults), then the
 * cross-reference rules, then every environment merged with the base.
 * Throws a ConfigError listing every problem.
 */
export function validateConfig(data: unknown, file: string): Config {
  // The schema fills defaults in place: environments merge into the config as written.
  const written = hasEnvironments(data) ? structuredClone(data) : undefined;
  const schemaProblems = validateAgainstSchema(data);
  if (schemaProblems.length > 0) throw new ConfigError(file, schemaProblems);
  const config = data as Config;
  const ruleProblems = checkConfigRules(config);
  if (ruleProblems.length > 0) throw new ConfigError(file, ruleProblems);
  // Each environment is a config of its own, checked as a whole once the base is sound.
  if (written !== undefined) rememberWrittenBase(config, written);
  const environmentProblemList = environmentProblems(config);
  if (environmentProblemList.length > 0) throw new ConfigError(file, environmentProblemList);
  return config;
}

function hasEnvironments(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'environments' in data;
}

export function loadConfigText(text: string, file: string): Config {
  return validateConfig(parseConfigText(text, file), file);
}

/**
 * Loads a config file, or the built-in default when `file` is undefined.
 * A file that is not a regular file (a FIFO, a device) or is larger than
 * `maxMiB` is refused before it is parsed.
 */
export function loadConfig(file?: string, maxMiB: number = DEFAULT_MAX_INPUT_MIB): Config {
  if (file === undefined) return loadConfigText(defaultConfigText(), DEFAULT_CONFIG_NAME);
  let text: string;
  try {
    text = readInputFile(file, mebibytes(maxMiB));
  } catch (error) {
    // A missing config is a config problem (with a hint to write one), not a broken machine.
    if (error instanceof EnvironmentError && error.code === 'ENOENT') {
      throw new ConfigError(file, [{ path: '', message: 'cannot read config: file not found' }]);
    }
    throw error;
  }
  return loadConfigText(text, file);
}
