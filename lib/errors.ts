/**
 * Errors any layer may raise and the CLI maps to exit codes (lib/cli/main.ts).
 * They live here, below every other module, so library code never imports the CLI.
 */

/** A problem with how the command or function was called, reported on one line with exit code 2. */
export class UsageError extends Error {}
