import { goString } from './template-text';
import { ChartValue, JsonSchema } from './values';

/**
 * Render-time checks of the chart's values. values.schema.json already holds
 * each field's config schema, but `helm template --skip-schema-validation`
 * (and tools that skip it) would let a value break its framing: a newline in
 * a path adds a MIME part to a node's userData, a comma in a metadata TTL
 * adds fstab options. So every value reaches a template through the
 * `<chart>.value` helper, which refuses (Helm `fail`) a value that its
 * field's schema refuses, and any value with a control character.
 */

/** Where `<chart>.value` keeps the values it has checked, in the rendering's root context. */
const CHECKED_VALUES = 'mountpointS3SparkCheckedValues';

/** Keywords that only document or that ajv alone reads. */
const IGNORED_KEYWORDS = new Set(['description', 'default', 'errorMessage', 'title', 'examples', '$comment']);

/** The name of a field's check: its config path without list indexes, e.g. `buckets.mount.path`. */
export function checkName(value: ChartValue): string {
  return value.location.filter((step) => typeof step === 'string').join('.');
}

/**
 * `(include "<chart>.value" (list $ "<check>" "buckets" "jars" "bucket"))`: the checked value as a string.
 * `key` gives the steps of its key as Go expressions instead (Go strings, or a row's column).
 */
export function checkedValueReference(helper: string, value: ChartValue, key: readonly string[] = value.key.map(goString)): string {
  return `(include ${goString(helper)} (list $ ${[goString(checkName(value)), ...key].join(' ')}))`;
}

/** `_values.tpl`: the value helper, and one check per field some value belongs to. */
export function valueChecksTpl(chartName: string, values: readonly ChartValue[]): string {
  const fields = new Map(values.map((value) => [checkName(value), value]));
  const checks = [...fields].map(([name, value]) => checkDefine(chartName, name, value));
  return `${valueHelper(chartName)}\n${checks.join('\n')}`;
}

function valueHelper(chartName: string): string {
  return `{{/*
A value as text, checked: (list $ CHECK KEY...). A value that is missing, not
a string or an integer, holds a control character, or breaks its field's
config schema fails the rendering; integers print without exponent. Each
value is checked once per rendering: the result is kept in the root context.
*/}}
{{- define "${chartName}.value" -}}
{{- $root := index . 0 -}}
{{- $keys := slice . 2 -}}
{{- $path := join "." $keys -}}
{{- if not (hasKey $root ${goString(CHECKED_VALUES)}) }}{{ $_ := set $root ${goString(CHECKED_VALUES)} dict }}{{ end -}}
{{- $checked := get $root ${goString(CHECKED_VALUES)} -}}
{{- if hasKey $checked $path -}}
{{- get $checked $path -}}
{{- else -}}
{{- $value := $root.Values -}}
{{- range $keys -}}
{{- if not (and (kindIs "map" $value) (hasKey $value .)) }}{{ fail (printf "%s: a value is required" $path) }}{{ end -}}
{{- $value = index $value . -}}
{{- end -}}
{{- if or (kindIs "float64" $value) (kindIs "int64" $value) (kindIs "int" $value) -}}
{{- if ne (float64 $value) (float64 (int64 $value)) }}{{ fail (printf "%s: must be a whole number" $path) }}{{ end -}}
{{- $value = int64 $value | toString -}}
{{- end -}}
{{- if not (kindIs "string" $value) }}{{ fail (printf "%s: must be a string or an integer" $path) }}{{ end -}}
{{- if regexMatch \`[[:cntrl:]\\x{85}\\x{2028}\\x{2029}]\` $value }}{{ fail (printf "%s: must not contain control characters such as a newline, nor U+0085, U+2028 or U+2029, which YAML readers take as line breaks" $path) }}{{ end -}}
{{- include (printf "${chartName}.check.%s" (index . 1)) (list $path $value) -}}
{{- $_ := set $checked $path $value -}}
{{- $value -}}
{{- end -}}
{{- end }}
`;
}

function checkDefine(chartName: string, name: string, value: ChartValue): string {
  const tests = [
    ...(value.type === 'integer'
      ? [
          refuseUnless('regexMatch "^-?[0-9]+$" $value', 'must be an integer'),
          // Longer ones overflow int64, which Helm's int64 reads as 0: refused before minimum/maximum see a 0.
          refuseUnless('regexMatch "^-?0*[0-9]{1,18}$" $value', 'must be an integer of at most 18 digits'),
        ]
      : []),
    ...schemaTests(value.schema, value.configPath),
  ];
  return `{{- define ${goString(`${chartName}.check.${name}`)} -}}
{{- $path := index . 0 }}{{ $value := index . 1 -}}
${tests.join('\n')}
{{- end }}
`;
}

/** One `{{ if … }}{{ fail … }}{{ end }}` per rule of a field's schema; keywords we do not check are a bug here. */
function schemaTests(schema: JsonSchema, field: string, message?: string): string[] {
  const tests: string[] = [];
  const say = (keyword: string, fallback: string) => message ?? errorMessage(schema, keyword) ?? fallback;
  for (const [keyword, argument] of Object.entries(schema)) {
    if (IGNORED_KEYWORDS.has(keyword)) continue;
    switch (keyword) {
      case 'type':
        if (argument !== 'string' && argument !== 'integer')
          throw new Error(`${field}: a chart value of type ${String(argument)} cannot be checked`);
        break;
      case 'pattern':
        tests.push(refuseUnless(`regexMatch ${goString(String(argument))} $value`, say('pattern', `must match ${String(argument)}`)));
        break;
      case 'minLength':
        tests.push(
          refuseUnless(`ge (len $value) ${Number(argument)}`, say('minLength', `must be at least ${Number(argument)} characters long`)),
        );
        break;
      case 'maxLength':
        tests.push(
          refuseUnless(`le (len $value) ${Number(argument)}`, say('maxLength', `must be at most ${Number(argument)} characters long`)),
        );
        break;
      case 'minimum':
        tests.push(refuseUnless(`ge (int64 $value) ${Number(argument)}`, say('minimum', `must be at least ${Number(argument)}`)));
        break;
      case 'maximum':
        tests.push(refuseUnless(`le (int64 $value) ${Number(argument)}`, say('maximum', `must be at most ${Number(argument)}`)));
        break;
      case 'enum':
      case 'const': {
        const allowed = (keyword === 'const' ? [argument] : (argument as unknown[])).map((item) => goString(String(item)));
        tests.push(refuseUnless(`has $value (list ${allowed.join(' ')})`, say(keyword, `must be one of ${allowed.join(', ')}`)));
        break;
      }
      case 'allOf':
        for (const sub of argument as JsonSchema[]) tests.push(...schemaTests(sub, field, errorMessage(sub, '')));
        break;
      case 'not':
        tests.push(...negatedPattern(argument as JsonSchema, field, say('not', "must not match the field's pattern")));
        break;
      default:
        throw new Error(`${field}: the chart cannot check the JSON Schema keyword "${keyword}" at render time`);
    }
  }
  return tests;
}

function negatedPattern(schema: JsonSchema, field: string, message: string): string[] {
  // Values are strings when checked, so a "type": "string" (which keeps "not" from refusing integers in values.schema.json) holds.
  const keywords = Object.keys(schema).filter((k) => !IGNORED_KEYWORDS.has(k) && !(k === 'type' && schema.type === 'string'));
  if (keywords.length !== 1 || typeof schema.pattern !== 'string')
    throw new Error(`${field}: only "not": {"pattern"} can be checked at render time`);
  return [`{{- if regexMatch ${goString(schema.pattern)} $value }}{{ fail (printf "%s: %s" $path ${goString(message)}) }}{{ end }}`];
}

function refuseUnless(condition: string, message: string): string {
  return `{{- if not (${condition}) }}{{ fail (printf "%s: %s" $path ${goString(message)}) }}{{ end }}`;
}

/** ajv-errors' message for a keyword: a string for the whole schema, or one per keyword. */
function errorMessage(schema: JsonSchema, keyword: string): string | undefined {
  const message = schema.errorMessage;
  if (typeof message === 'string') return message;
  if (message && typeof message === 'object') {
    const specific = (message as Record<string, unknown>)[keyword];
    if (typeof specific === 'string') return specific;
  }
  return undefined;
}
