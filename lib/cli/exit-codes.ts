/** Exit codes of every command. */
export const EXIT = {
  OK: 0,
  /** Manifests failed validation (`check`). */
  INVALID: 1,
  /** Bad command line or bad config. */
  USAGE: 2,
  /** A bug: the message is printed, the stack only with DEBUG=1. */
  INTERNAL: 3,
  /** `synth --check`: the output directory is not what synth would write. */
  OUT_OF_DATE: 1,
} as const;

// UsageError lives below the CLI so that lib/check can raise it too.
export { UsageError } from '../errors';

/** The output directory differs from what synth would write (the diff is already printed). */
export class OutOfDateError extends Error {}

/** Manifests failed `check` (exit code 1); the message, when there is one, is the report for standard error. */
export class ManifestsInvalid extends Error {}
