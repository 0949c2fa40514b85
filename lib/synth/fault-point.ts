import { appendFileSync } from 'node:fs';

/**
 * Test-only crash injection. Every filesystem step of writing DIR calls
 * `faultPoint(step)` after it. With MOUNTPOINT_S3_SPARK_FAULT=`step#n` the
 * process kills itself (SIGKILL: no cleanup, no finally) at the n-th time
 * that step is reached; MOUNTPOINT_S3_SPARK_FAULT_TRACE=FILE appends each
 * `step#n` reached, so a test can list every point and crash at each in turn.
 */
const counts = new Map<string, number>();

export function faultPoint(step: string): void {
  const { MOUNTPOINT_S3_SPARK_FAULT: fault, MOUNTPOINT_S3_SPARK_FAULT_TRACE: trace } = process.env;
  if (!fault && !trace) return;
  const n = (counts.get(step) ?? 0) + 1;
  counts.set(step, n);
  const point = `${step}#${n}`;
  if (trace) appendFileSync(trace, `${point}\n`);
  if (fault === point) process.kill(process.pid, 'SIGKILL');
}
