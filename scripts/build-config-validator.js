#!/usr/bin/env node
// Part of `npm run build`, after tsc: writes build/schema.json (the config's
// JSON Schema) and build/config-validator/config.js,
// the config schema's ajv validator as code (`configValidatorCode()` of
// lib/config/config-validator-code.ts), with its V8 code cache, so that no run
// of the CLI compiles the schema. Regenerated only when the schema, the
// generator or ajv change, like scripts/build-schemas.js.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildWhenInputsChange, ROOT } = require('./build-cache');
const { writeCodeCache } = require('../build/lib/code-cache.js');

const OUT = join(ROOT, 'build', 'config-validator');
const BUILT = join(ROOT, 'build', 'lib', 'config');

function main() {
  // The schema as a file (package export `mountpoint-s3-spark/schema.json`): cheap, written every build.
  const { CONFIG_SCHEMA_PATH, configSchemaJson } = require(join(BUILT, 'schema-json.js'));
  writeFileSync(CONFIG_SCHEMA_PATH, configSchemaJson());
  buildWhenInputsChange(
    {
      outDir: OUT,
      values: [JSON.stringify(require(join(BUILT, 'schema.js')).configSchema)],
      files: [
        'build/lib/config/config-validator-code.js',
        'scripts/build-config-validator.js',
        'build/lib/code-cache.js',
        'node_modules/ajv/package.json',
      ],
    },
    () => {
      const path = join(OUT, 'config.js');
      writeFileSync(path, require(join(BUILT, 'config-validator-code.js')).configValidatorCode());
      // The default config walks most of the schema: its compiled code goes into the cache.
      const { defaultConfigText, DEFAULT_CONFIG_NAME } = require(join(BUILT, 'default-config.js'));
      const { parseConfigText } = require(join(BUILT, 'parse.js'));
      const sample = parseConfigText(defaultConfigText(), DEFAULT_CONFIG_NAME);
      writeCodeCache(path, (validators) => Object.values(validators).forEach((validate) => validate(sample)));
    },
  );
}

main();
