import { Problem } from '../config/problems';

/** A hint for problems that `matches`, printed once after them. */
interface HintRule {
  readonly matches: (problem: Problem) => boolean;
  readonly hint: (file: string) => string;
}

/**
 * What to do about the problems whose message alone leaves a person stuck.
 * Problems that already say it (unknown keys with "did you mean",
 * `kubernetesVersion` with its quoted form) need none.
 */
const HINT_RULES: readonly HintRule[] = [
  {
    matches: (p) => p.message.endsWith('cannot read config: file not found'),
    hint: (file) => `write a starter config with: mountpoint-s3-spark init --out ${file} (or leave out --config for the built-in default)`,
  },
  {
    matches: (p) => p.message === 'must be string',
    hint: () => 'YAML reads unquoted digits (300, 1.4, 0123) as a number: quote the value, e.g. metadataTtl: "300"',
  },
  {
    matches: (p) => (p.path === 'apiVersion' || p.path === 'kind') && p.message === 'is required',
    hint: () =>
      'a config begins with "apiVersion: mountpoint-s3-spark/v1alpha1" and "kind: Config"; mountpoint-s3-spark init writes a complete one',
  },
  {
    matches: (p) => p.message.includes('YAML syntax error'),
    hint: () => 'YAML indents with spaces (never tabs); quote values that contain ": " or start with a special character',
  },
];

/** The hints for a list of problems, each once, in rule order. */
export function hintsFor(file: string, problems: readonly Problem[]): string[] {
  return HINT_RULES.filter((rule) => problems.some(rule.matches)).map((rule) => rule.hint(file));
}
