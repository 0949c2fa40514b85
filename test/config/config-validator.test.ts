import { readFileSync } from 'node:fs';
import { configValidatorCode } from '../../lib/config/config-validator-code';
import { CONFIG_VALIDATOR_PATH } from '../../lib/config/validate-schema';

describe('the config validator compiled at build time', () => {
  test('is exactly what the config schema compiles to now (run `npm run build` after changing the schema)', () => {
    expect(readFileSync(CONFIG_VALIDATOR_PATH, 'utf8')).toBe(configValidatorCode());
  });
});
