import * as yaml from 'js-yaml';
import { documentLimitProblem, jsonTextLimitProblem } from '../files/document-limits';
import { jsonSyntaxErrorOffset } from './json-syntax';
import { ConfigError } from './problems';

/**
 * Parses config text. JSON is parsed as JSON (so tabs and JSON-only syntax
 * behave as users expect); everything else as YAML, which refuses duplicate
 * keys. Syntax errors carry line and column.
 */
export function parseConfigText(text: string, file: string): unknown {
  const json = isJsonFile(file);
  const data = json ? parseJson(text, file) : parseYaml(text, file);
  // The text nests at least as deep as its document (a later duplicate key drops a value): a walk confirms a refusal.
  const tooLarge = json && !jsonTextLimitProblem(text) ? undefined : documentLimitProblem(data);
  if (tooLarge) throw new ConfigError(file, [{ path: '', message: tooLarge }]);
  return data;
}

/** Whether a config file is read as JSON (by its name), else as YAML. */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

function parseYaml(text: string, file: string): unknown {
  try {
    return yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const mark = error.mark as yaml.YAMLException['mark'] | undefined;
    // Only "more than one document" comes without a position.
    if (!mark)
      throw new ConfigError(file, [
        { path: '', message: 'a config is one YAML document; this file holds more than one (--- separates them)' },
      ]);
    throw new ConfigError(file, [
      { path: `line ${mark.line + 1}, column ${mark.column + 1}`, message: `YAML syntax error: ${error.reason}` },
    ]);
  }
}

function parseJson(text: string, file: string): unknown {
  // A byte order mark is no part of the JSON, as js-yaml reads YAML (RFC 8259 lets a parser ignore it).
  const json = text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 gives a position for most errors, not for an unexpected token: that one is found by reading the text.
    const position = /position (\d+)/.exec(error.message);
    const offset = position ? Number(position[1]) : jsonSyntaxErrorOffset(json);
    // Columns as an editor counts them, the byte order mark (which it does not show) aside.
    const before = json.slice(0, offset).split('\n');
    // Node quotes a piece of the input after the reason (`"…"`, cut with `...`); the line and column say where, without echoing bytes.
    const reason = error.message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    throw new ConfigError(file, [
      { path: `line ${before.length}, column ${before[before.length - 1].length + 1}`, message: `JSON syntax error: ${reason}` },
    ]);
  }
}

const BYTE_ORDER_MARK = 0xfeff;
