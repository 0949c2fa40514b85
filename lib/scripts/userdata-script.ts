import { fstabLine } from '../mountpoint/fstab';
import { BucketMount, MountpointRelease } from '../mountpoint/types';
import { renderScriptPrologue } from './script-prologue';
import { shellQuote } from './shell';

export interface UserDataScriptProps {
  readonly release: MountpointRelease;
  /** The buckets every node of the pool mounts; at least one. */
  readonly mounts: readonly BucketMount[];
}

/**
 * The shell part of a node pool's EC2 userData (node-userdata approach).
 * cloud-init runs it once, at the first boot, before the node joins the
 * cluster: it installs the pinned Mountpoint and writes one `/etc/fstab` line
 * per bucket, so systemd mounts the buckets again at every later boot, then
 * mounts them now. Running it again changes nothing that is already right.
 */
export function renderUserDataScript(props: UserDataScriptProps): string {
  if (props.mounts.length === 0) throw new Error('renderUserDataScript needs at least one mount');
  const prepare = props.mounts
    .map((m) => `prepare_mount ${shellQuote(m.path)} ${shellQuote(m.cache?.directory ?? '')} ${shellQuote(fstabLine(m))} || exit 1`)
    .join('\n');
  return `#!/bin/bash
# Mounts S3 buckets on this node at boot with Mountpoint for Amazon S3.
#
# Runs once, from cloud-init, as root. The mounts live in /etc/fstab, so
# systemd mounts them again at every boot; nothing here needs to run again.
# Exits non-zero when Mountpoint cannot be installed or a bucket cannot be
# mounted (cloud-init then reports the failure); the node still boots.
${renderScriptPrologue(props.release)}
# The file itself, should /etc/fstab be a link: it is replaced by a rename.
FSTAB_FILE=$(readlink -f -- "\${FSTAB_FILE:-/etc/fstab}") || exit 1
MOUNT_POINTS=()

# Makes the directories of one mount and puts its line in fstab, replacing any
# older Mountpoint line for the same mount point, so that running twice never
# adds a second line. The cache holds unencrypted object data: only root may read it.
prepare_mount() { # MOUNT_POINT CACHE_DIR FSTAB_LINE
  local dir=$1 cache=$2 line=$3 staged foreign
  # Only Mountpoint's lines are ours to replace: the node's own line there (a
  # disk, say) would be gone at the next boot.
  foreign=$(awk -v dir="$dir" '!/^[[:space:]]*#/ && $2 == dir && $3 != "mount-s3" { print $3 " from " $1; exit }' "$FSTAB_FILE") || return 1
  if [[ -n $foreign ]]; then
    mp_error "$FSTAB_FILE already mounts $foreign at $dir; not replacing the node's own line: choose another mount.path"
    return 1
  fi
  MOUNT_POINTS+=("$dir")
  mkdir -p -- "$dir" || return 1
  if [[ -n $cache ]]; then
    { mkdir -p -- "$cache" && chmod 0700 -- "$cache"; } || return 1
  fi
  if grep -qxF -- "$line" "$FSTAB_FILE"; then
    mp_log "$FSTAB_FILE already mounts $dir"
    return 0
  fi
  staged=$(mktemp "$FSTAB_FILE.XXXXXXXX") || return 1
  # Comments stay; a line whose mount point (field 2) is $dir goes. The new
  # file replaces the old by a rename, so fstab is never seen half-written,
  # not even after a crash; it keeps the old file's mode and owner.
  if ! awk -v dir="$dir" '/^[[:space:]]*#/ || $2 != dir' "$FSTAB_FILE" >"$staged" ||
    ! printf '%s\\n' "$line" >>"$staged" ||
    ! chmod --reference="$FSTAB_FILE" -- "$staged" ||
    ! chown --reference="$FSTAB_FILE" -- "$staged" ||
    ! mv -f -- "$staged" "$FSTAB_FILE"; then
    rm -f -- "$staged"
    mp_error "cannot write the line for $dir to $FSTAB_FILE"
    return 1
  fi
  rm -f -- "$staged"
  mp_log "added to $FSTAB_FILE: $line"
}

# Mounts one fstab entry now. When that fails, the empty mount point is
# removed so that Spark pods (hostPath type Directory) refuse to start here
# instead of finding no jars; systemd retries the line at the next boot.
mount_now() { # MOUNT_POINT
  if mountpoint -q -- "$1"; then
    refuse_foreign_mount "$1" "$1" || return 1
    mp_log "$1 is already mounted"
    return 0
  fi
  if mount -- "$1"; then
    mp_log "mounted $1"
    return 0
  fi
  mp_error "cannot mount $1; mount printed why above"
  rmdir -- "$1" 2>/dev/null || true
  return 1
}

if ! install_mountpoint; then
  mp_error "Mountpoint is not installed; no bucket is mounted"
  exit 1
fi

${prepare}

# systemd generates mount units from fstab; reload it so it knows the new lines.
if ! systemctl daemon-reload; then
  mp_error "systemctl daemon-reload failed; mounting anyway, but systemd may warn that fstab changed"
fi

failed=0
for dir in "\${MOUNT_POINTS[@]}"; do
  mount_now "$dir" || failed=1
done
exit "$failed"
`;
}
