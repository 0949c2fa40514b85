import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/**
 * Test-only crash injection. Every filesystem step of writing DIR calls
 * `faultPoint(step)` after it, and synth's package stage once its charts
 * are rendered (`package`, in the worker thread or not). With
 * MOUNTPOINT_S3_SPARK_FAULT=`step#n` the process kills itself (SIGKILL: no
 * cleanup, no finally) at the n-th time that step is reached; in a worker
 * thread only that thread ends, at once and without a word, as one that runs
 * out of memory does. `step#n:throw` throws an error there instead, as a bug
 * would. MOUNTPOINT_S3_SPARK_FAULT_TRACE=FILE appends each `step#n`
 * reached, so a test can list every point and crash at each in turn.
 */
const counts = new Map<string, number>();
// Read once: a write passes two points per file, and each read of process.env asks the C++ side (10,000 teams: 30 ms).
const { MOUNTPOINT_S3_SPARK_FAULT: fault, MOUNTPOINT_S3_SPARK_FAULT_TRACE: trace } = process.env;

export function faultPoint(step: string): void {
  if (!fault && !trace) return;
  const n = (counts.get(step) ?? 0) + 1;
  counts.set(step, n);
  const point = `${step}#${n}`;
  if (trace) appendFileSync(trace, `${point}\n`);
  if (fault === `${point}:throw`) throw new Error(`fault injected at ${point}`);
  if (fault !== point) return;
  if (isMainThread) process.kill(process.pid, 'SIGKILL');
  // In a worker thread, process.exit ends the thread, not the process.
  else process.exit(1);
}
