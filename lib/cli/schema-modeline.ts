import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `# yaml-language-server: $schema=…` pointing at `schemaPath` from a config
 * in `fromDir`. The YAML language server takes the value up to the first
 * whitespace and splits it at `#`; a relative value is resolved as a plain
 * path against the config's directory, a `file:` value as a URI (so `%20`
 * is decoded). A relative path keeps the line portable across clones; when
 * it holds whitespace or `#`, only a percent-encoded `file:` URI survives.
 */
export function schemaModeline(fromDir: string, schemaPath: string): string {
  const path = relative(fromDir, schemaPath).split(sep).join('/');
  const value = /[\s#]/.test(path) ? pathToFileURL(schemaPath).href : path.startsWith('.') ? path : `./${path}`;
  return `# yaml-language-server: $schema=${value}\n`;
}
