/**
 * What the Spark operator v2.5.2 accepts as the schedule of a
 * ScheduledSparkApplication, beyond the shape the schema checks: it loads
 * `timeZone` with Go's `time.LoadLocation` and parses the schedule with
 * robfig/cron v3.0.1 `cron.ParseStandard`
 * (internal/controller/scheduledsparkapplication/controller.go). Either
 * failing leaves the application in state FailedValidation, never run.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names robfig/cron accepts (any case) for min, min + 1, …. */
  readonly names?: readonly string[];
}

/** The five fields of `cron.ParseStandard` and their bounds (`spec.go`): no 7 for Sunday. */
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Why robfig/cron's standard parser refuses `cron` (after an optional CRON_TZ= prefix), or undefined. */
export function cronProblem(cron: string): string | undefined {
  const spec = cron.replace(/^CRON_TZ=\S+ /, '').trim();
  if (spec.startsWith('@')) return undefined;
  const fields = spec.split(/\s+/);
  for (const [i, field] of CRON_FIELDS.entries()) {
    for (const part of fields[i].split(',').filter((text) => text !== '')) {
      const problem = rangeProblem(part, field);
      if (problem) return `${field.name} "${part}": ${problem}`;
    }
  }
  return undefined;
}

/** `getRange` of robfig/cron v3.0.1 `parser.go`: `*`, `?`, N or N-M, each with an optional `/step`. */
function rangeProblem(part: string, field: CronField): string | undefined {
  const [range, ...steps] = part.split('/');
  if (steps.length > 1) return 'has more than one "/"';
  const bounds = range.split('-');
  let start = field.min;
  let end = field.max;
  if (bounds[0] !== '*' && bounds[0] !== '?') {
    if (bounds.length > 2) return 'has more than one "-"';
    const values = bounds.map((text) => valueOf(text, field));
    if (values.some((value) => value === undefined))
      return `is not a number${field.names ? ' or a name such as ' + field.names[0].toUpperCase() : ''}`;
    start = values[0] as number;
    end = bounds.length === 2 ? (values[1] as number) : steps.length ? field.max : start;
  }
  if (steps.length && !(Number(valueOf(steps[0], { ...field, names: undefined })) > 0))
    return 'the step after "/" must be a positive number';
  if (start < field.min || end > field.max)
    return `must lie in ${field.min}-${field.max}${field.name === 'day of week' ? ' (0 or SUN is Sunday; this parser has no 7)' : ''}`;
  return start > end ? 'the range starts after its end' : undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Why Go's `time.LoadLocation` refuses `zone`, or undefined. Node's ICU knows
 * the same IANA zones as Go's tzdata but matches them in any case; Go reads
 * them from files, so only the exact name loads.
 */
export function timeZoneProblem(zone: string): string | undefined {
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return `"${zone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`;
  }
  const wrongCase = canonical !== zone && canonical.toLowerCase() === zone.toLowerCase();
  const lowerCaseStart = zone.split('/').some((segment) => !/^[A-Z]/.test(segment));
  return wrongCase || lowerCaseStart
    ? `"${zone}" is not an IANA time zone name as written: names are case-sensitive (e.g. ${wrongCase ? canonical : 'Europe/Berlin, UTC'})`
    : undefined;
}
