import { MountpointRelease } from '../mountpoint/types';
import { renderInstallMountpoint } from './install-mountpoint';

/**
 * What every host script that mounts buckets starts with after its own
 * header comment: strict mode, the pinned install fragment, and what the
 * mount table says about a directory.
 */
export function renderScriptPrologue(release: MountpointRelease): string {
  return `#
# Config values are single-quoted on purpose, so a $ or \` in them is literal:
# shellcheck disable=SC2016
set -euo pipefail

${renderInstallMountpoint(release)}
# --- The mounts ---------------------------------------------------------------

# Overridable so tests can run this against fixtures; nodes keep the defaults.
MOUNT_TABLE_FILE=\${MOUNT_TABLE_FILE:-/proc/self/mountinfo}

# "FSTYPE SOURCE" of the top-most mount at DIR in the mount table, whether or
# not its FUSE daemon still answers; non-zero when nothing is mounted there.
mount_entry() { # DIR
  local line mount_point entry=''
  while IFS= read -r line; do
    read -r _ _ _ _ mount_point _ <<<"$line"
    # mountinfo writes space, tab, newline and backslash as octal escapes.
    printf -v mount_point '%b' "$mount_point"
    if [[ $mount_point == "$1" ]]; then
      # After the " - " separator: fstype, source, super options.
      read -r entry <<<"\${line#* - }"
      entry=\${entry% *}
    fi
  done <"$MOUNT_TABLE_FILE"
  [[ -n $entry ]] && printf '%s\\n' "$entry"
}

# How Mountpoint's mounts appear in the mount table.
MOUNTPOINT_ENTRY='fuse mountpoint-s3'

# Non-zero, saying what is there, when DIR holds a mount that is not Mountpoint's
# (a tmpfs, a disk, another FUSE file system): mounting over it would hide it.
refuse_foreign_mount() { # NAME DIR
  local entry
  entry=$(mount_entry "$2") || return 0
  if [[ $entry != "$MOUNTPOINT_ENTRY" ]]; then
    mp_error "$1: $2 already holds a mount that is not Mountpoint's (\${entry% *} from \${entry#* }); not mounting over it: unmount it, or choose another mount.path"
    return 1
  fi
}`;
}
