import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goLocationProblem, operatorScheduleProblem, parseStandardProblem } from '../../lib/spark/schedule';

/**
 * Verdicts of robfig/cron v3.0.1 `ParseStandard` on whole specs (time zone
 * prefixes, descriptors, `@every` durations, field counts) and of Go's
 * `time.LoadLocation`, recorded by running them: see the fixture's `source`.
 */
const upstream = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'upstream', 'robfig-cron-3.0.1-whole-specs.json'), 'utf8')) as {
  parseStandard: Record<string, 'ok' | 'refused'>;
  loadLocation: Record<string, 'ok' | 'refused'>;
};

describe("whole schedules are judged as the operator's parser judges them", () => {
  test.each(Object.entries(upstream.parseStandard))('ParseStandard(%j): %s', (spec, verdict) => {
    expect(parseStandardProblem(spec) === undefined ? 'ok' : 'refused').toBe(verdict);
  });

  test.each(Object.entries(upstream.loadLocation))('LoadLocation(%j): %s', (zone, verdict) => {
    expect(goLocationProblem(zone) === undefined ? 'ok' : 'refused').toBe(verdict);
  });
});

describe('the operator prefixes the schedule with its time zone (controller.go Reconcile)', () => {
  test('a schedule with surrounding spaces runs: the prefix makes the parser trim it', () => {
    expect(operatorScheduleProblem('  @daily ')).toBeUndefined();
  });

  test('an empty schedule is refused as a spec of no fields', () => {
    expect(operatorScheduleProblem('')).toEqual({ field: 'schedule', problem: expect.stringContaining('0 fields') });
  });

  test('a schedule with its own CRON_TZ prefix is parsed as written, whatever spec.timeZone says', () => {
    expect(operatorScheduleProblem('CRON_TZ=Europe/Berlin 0 2 * * *', 'UTC')).toBeUndefined();
  });

  test('a time zone Go cannot load is reported on spec.timeZone, before the schedule is parsed', () => {
    expect(operatorScheduleProblem('0 2 * * 7', 'europe/berlin')).toEqual({
      field: 'timeZone',
      problem: expect.stringContaining('case-sensitive'),
    });
  });
});
