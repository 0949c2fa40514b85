import { loadConfig } from '../config/load';
import { DEFAULT_CONFIG_NAME } from '../config/default-config';

export function validateCommand(opts: { config?: string; maxInputMib?: number }): void {
  const config = loadConfig(opts.config, opts.maxInputMib);
  process.stdout.write(
    `${opts.config ?? DEFAULT_CONFIG_NAME}: valid (${config.buckets.length} buckets, ${config.teams.length} teams, ${config.sparkApplications.length} Spark applications` +
      `${config.environments ? `; environments ${config.environments.map((e) => e.name).join(', ')}` : ''})\n`,
  );
}
