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

/** robfig/cron v3.0.1 `parseDescriptor`: the named schedules, besides `@every <duration>`. */
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Go's `time.ParseDuration`: "0", or signed decimal numbers each with a unit (ns, us, µs, μs, ms, s, m, h). */
const GO_DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/**
 * Why robfig/cron v3.0.1 `cron.ParseStandard` (`Parser.Parse`, parser.go)
 * refuses `spec`, or undefined: empty; a `TZ=`/`CRON_TZ=` prefix with no
 * space after it (Parse panics) or a zone Go cannot load; an unknown
 * descriptor or an `@every` duration Go cannot parse; not exactly five
 * fields; a field out of range (cronProblem).
 */
export function parseStandardProblem(spec: string): string | undefined {
  if (spec === '') return 'is empty';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    if (space < 0) return 'has a time zone prefix but no schedule after it';
    const problem = goLocationProblem(rest.slice(rest.indexOf('=') + 1, space));
    if (problem) return `time zone prefix: ${problem}`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    if (rest.startsWith('@every ')) {
      const duration = rest.slice('@every '.length);
      return GO_DURATION.test(duration) ? undefined : `"${duration}" is not a Go duration such as 90s, 6h or 1h30m`;
    }
    return CRON_DESCRIPTORS.includes(rest)
      ? undefined
      : `"${rest}" is not a descriptor (${CRON_DESCRIPTORS.join(', ')}, @every <duration>)`;
  }
  const fields = rest.split(/\s+/).filter((field) => field !== '');
  if (fields.length !== CRON_FIELDS.length) return `has ${fields.length} fields; the operator's parser needs exactly ${CRON_FIELDS.length}`;
  return cronProblem(fields.join(' '));
}

/** Why Go's `time.LoadLocation` refuses `zone`: "" is UTC and "Local" the process's own zone, both load. */
export function goLocationProblem(zone: string): string | undefined {
  return zone === '' || zone === 'Local' ? undefined : timeZoneProblem(zone);
}

/**
 * Why the operator's controller puts a ScheduledSparkApplication into
 * FailedValidation, and which field is at fault: it loads a non-empty
 * `timeZone` first, then parses the schedule prefixed with
 * `CRON_TZ=<timeZone or Local> ` unless it has a `CRON_TZ=`/`TZ=` prefix of
 * its own (`Reconcile`, internal/controller/scheduledsparkapplication/controller.go).
 */
export function operatorScheduleProblem(schedule: string, timeZone = ''): { field: 'schedule' | 'timeZone'; problem: string } | undefined {
  const zoneProblem = timeZone === '' ? undefined : goLocationProblem(timeZone);
  if (zoneProblem) return { field: 'timeZone', problem: zoneProblem };
  const own = schedule.startsWith('CRON_TZ=') || schedule.startsWith('TZ=');
  const problem = parseStandardProblem(own ? schedule : `CRON_TZ=${timeZone || 'Local'} ${schedule}`);
  return problem ? { field: 'schedule', problem } : undefined;
}
