import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaModeline } from '../../lib/cli/schema-modeline';

/**
 * How the YAML language server reads the line, as its source does it
 * (redhat-developer/yaml-language-server, src/languageservice/utils/modelineUtil.ts
 * and services/yamlSchemaService.ts `getSchemaForResource`): the value is
 * `\S+` after `$schema=`; a value not starting with `file:` or `http` is cut
 * at its first `#` (the rest is a fragment) and resolved as a plain path
 * against the config's directory; a `file:` value is a URI.
 */
function schemaFileSeenByEditor(line: string, configDir: string): string {
  const value = /\$schema(?:=|:\s*)(\S+)/.exec(line)![1];
  if (value.startsWith('file:')) return fileURLToPath(value);
  const path = value.indexOf('#') > 0 ? value.split('#', 2)[0] : value;
  return isAbsolute(path) ? path : resolve(configDir, path);
}

describe('the schema modeline init writes', () => {
  test.each([
    ['a project that installed the package', '/home/me/app', '/home/me/app/node_modules/mountpoint-s3-spark/build/schema.json'],
    ['a config in a folder with a space', '/home/me/my configs', '/home/me/app/node_modules/mountpoint-s3-spark/build/schema.json'],
    ['a package under a folder with a space', '/tmp/cfg', '/home/me/My Projects/app/node_modules/mountpoint-s3-spark/build/schema.json'],
    ['a package under a folder with a tab', '/tmp/cfg', '/srv/a\tb/build/schema.json'],
    ['a package under a folder with #', '/tmp/cfg', '/srv/c#sharp/build/schema.json'],
    ['a package under a folder with % and a non-ASCII letter', '/tmp/cfg', '/srv/100% größe/build/schema.json'],
  ])('%s: the editor finds the schema file', (_case, configDir, schemaPath) => {
    expect(schemaFileSeenByEditor(schemaModeline(configDir, schemaPath), configDir)).toBe(schemaPath);
  });

  test('is relative when the relative path is safe, so the line works in every clone', () => {
    expect(schemaModeline('/home/me/app', '/home/me/app/node_modules/p/build/schema.json')).toBe(
      '# yaml-language-server: $schema=./node_modules/p/build/schema.json\n',
    );
  });

  test('is one line however the path is spelled', () => {
    expect(schemaModeline('/tmp/cfg', '/srv/a\nb/schema.json').split('\n')).toHaveLength(2);
  });
});
