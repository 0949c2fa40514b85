/**
 * At most `shown` items joined by commas, then how many were left out:
 * `a, b, c and 197 more`. Keeps a finding one readable line however large
 * the checked set is.
 */
export function someOf(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/**
 * Plain string order (as kubeconform walks directories), not localeCompare:
 * the same everywhere, and without loading ICU's collation (tens of
 * milliseconds on the first call).
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
