import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cronProblem, timeZoneProblem } from '../../lib/spark/schedule';

/**
 * Verdicts of the real parsers the Spark operator v2.5.2 uses on a
 * ScheduledSparkApplication (robfig/cron v3.0.1 ParseStandard, Go's
 * time.LoadLocation with time/tzdata), recorded by running them: see the
 * fixture's `source`.
 */
const upstream = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'upstream', 'robfig-cron-3.0.1-parse-standard.json'), 'utf8'),
) as {
  cron: Record<string, 'ok' | 'refused'>;
  timeZone: Record<string, 'ok' | 'refused'>;
};

describe("schedules are judged as the operator's parsers judge them", () => {
  test.each(Object.entries(upstream.cron))('cron %s: %s', (cron, verdict) => {
    expect.hasAssertions();
    expect(cronProblem(cron) === undefined ? 'ok' : 'refused').toBe(verdict);
  });

  test.each(Object.entries(upstream.timeZone))('time zone %s: %s', (zone, verdict) => {
    expect.hasAssertions();
    expect(timeZoneProblem(zone) === undefined ? 'ok' : 'refused').toBe(verdict);
  });
});
