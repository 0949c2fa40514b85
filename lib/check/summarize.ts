/**
 * At most `shown` items joined by commas, then how many were left out:
 * `a, b, c and 197 more`. Keeps a finding one readable line however large
 * the checked set is.
 */
export function someOf(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
