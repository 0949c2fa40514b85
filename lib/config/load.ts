import { readFileSync } from 'node:fs';
import { environmentProblems, rememberWrittenBase } from './environments';
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

/** Loads a config file, or the built-in default when `file` is undefined. */
export function loadConfig(file?: string): Config {
  if (file === undefined) return loadConfigText(defaultConfigText(), DEFAULT_CONFIG_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot read config: ${reason}` }]);
  }
  return loadConfigText(text, file);
}
