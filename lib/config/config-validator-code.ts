import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { configSchema } from './schema';

/**
 * The config schema's ajv validator as the source of a CommonJS module.
 * `npm run build` writes it to build/ (scripts/build-config-validator.js)
 * because compiling the schema costs more than the rest of `synth` together;
 * the schema stays the single source of truth, and a test proves the built
 * module is what this function generates from it.
 */
export function configValidatorCode(): string {
  // allErrors: report every problem at once; useDefaults: the schema's defaults fill the config;
  // verbose: errors carry their schema, whose known keys "did you mean" suggestions come from.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strictTypes: false, code: { source: true } });
  // `errorMessage` is read when errors are reported (validate-schema.ts), not by the validator: ajv-errors'
  // generated code rescans every earlier error for each one, quadratic in the number of errors.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
  return standaloneCode(ajv, ajv.compile(configSchema));
}
