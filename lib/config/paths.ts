/** Whether two absolute paths are the same or one lies inside the other. */
export function nestedPaths(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
