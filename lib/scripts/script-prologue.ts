import { MountpointRelease } from '../mountpoint/types';
import { renderInstallMountpoint } from './install-mountpoint';

/**
 * What every host script that mounts buckets starts with after its own
 * header comment: strict mode, the pinned install fragment, and the heading
 * of the part that mounts.
 */
export function renderScriptPrologue(release: MountpointRelease): string {
  return `#
# Config values are single-quoted on purpose, so a $ or \` in them is literal:
# shellcheck disable=SC2016
set -euo pipefail

${renderInstallMountpoint(release)}
# --- The mounts ---------------------------------------------------------------

# Overridable so tests can run this against a fixture; nodes keep the default.`;
}
