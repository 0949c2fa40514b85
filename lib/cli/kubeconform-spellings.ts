/** kubeconform's single-dash flags that `check` takes with two dashes. */
const KUBECONFORM_FLAGS = new Set([
  'kubernetes-version',
  'schema-location',
  'skip',
  'reject',
  'summary',
  'output',
  'strict',
  'ignore-missing-schemas',
]);

/**
 * `check -kubernetes-version 1.30.0 -summary` → `check --kubernetes-version
 * 1.30.0 --summary`, so a kubeconform command line works as it is. Only
 * kubeconform's own flag names are rewritten (also in `-flag=value` form);
 * everything after `--` is left alone.
 */
export function withKubeconformSpellings(argv: readonly string[]): string[] {
  if (argv[0] !== 'check') return [...argv];
  const end = argv.indexOf('--');
  return argv.map((arg, i) => {
    if (end >= 0 && i > end) return arg;
    const match = /^-([a-z-]+)(=.*)?$/.exec(arg);
    return match && KUBECONFORM_FLAGS.has(match[1]) ? `-${arg}` : arg;
  });
}
