/**
 * The directories a script from `renderMountScript` mounts, read back from its
 * `MOUNT_DIR='…'` assignments (single-quoted by `shellQuote`). Lives beside
 * the renderer so `check` follows any change of the script's format; a test
 * round-trips every example.
 */
export function mountDirsInScript(script: string): string[] {
  return [...script.matchAll(/^\s*MOUNT_DIR=((?:'[^']*'|\\')+)\s*$/gm)].map((m) =>
    m[1].replace(/'([^']*)'|\\(')/g, (_, quoted: string | undefined, escaped: string | undefined) => quoted ?? escaped ?? ''),
  );
}
