import { mountpointArgs } from '../mountpoint/options';
import { BucketMount, MountpointRelease } from '../mountpoint/types';
import { renderScriptPrologue } from './script-prologue';
import { shellQuote, shellWords } from './shell';

export interface MountScriptProps {
  readonly release: MountpointRelease;
  readonly mounts: readonly BucketMount[];
  /** Seconds between health checks of the mounts (fractions allowed). */
  readonly checkIntervalSeconds: number;
  /** What to do on SIGTERM: leave the mounts to their systemd units (`keep`), or unmount them. */
  readonly onStop: 'keep' | 'unmount';
}

/**
 * The bash script that keeps `mounts` mounted on a node. It runs on the host
 * (the DaemonSet enters PID 1's namespaces with nsenter), installs the pinned
 * Mountpoint, mounts every bucket, then re-checks them until it is stopped.
 */
export function renderMountScript(props: MountScriptProps): string {
  const interval = props.checkIntervalSeconds;
  if (!/^\d+(\.\d+)?$/.test(String(interval)) || interval <= 0) {
    throw new Error(`checkIntervalSeconds must be a positive number of seconds, got ${interval}`);
  }
  if (props.mounts.length === 0) {
    throw new Error('renderMountScript needs at least one mount');
  }
  return `#!/usr/bin/env bash
# Keeps S3 buckets mounted on this node with Mountpoint for Amazon S3.
#
# Runs on the host, not in the pod: packages, mounts and systemd units all
# belong to the node. Each mount-s3 runs in a transient systemd unit of its
# own, outside the pod's cgroup, so restarting the pod leaves the mounts up.
# Exits non-zero when a mount cannot be established, so that Kubernetes
# restarts the pod with back-off and the failure is visible.
${renderScriptPrologue(props.release)}
PROC_DIR=\${PROC_DIR:-/proc}
CHECK_INTERVAL_SECONDS=${interval}
# Consecutive failed re-checks of one mount before giving up.
MAX_FAILED_RECHECKS=3
MOUNT_COUNT=${props.mounts.length}

# Loads mount number $1 into the MOUNT_* variables. One branch per mount, since
# the bash of Amazon Linux 2 (4.2) has neither arrays of arrays nor namerefs.
load_mount() {
  case $1 in
${props.mounts.map(renderMountBranch).join('\n')}
  esac
}

# How the mount-s3 process that serves s3://BUCKET at DIR was started: 0 with
# exactly this mount's arguments, 2 with other ones (a config since changed:
# prefix, options), 1 when none serves the bucket there. The mount table does
# not name the bucket, the process's arguments do (BUCKET DIR as we start it,
# an s3://BUCKET/ URL when started from fstab). Read with read -d '' since
# the bash of Amazon Linux 2 has no mapfile -d.
mountpoint_serving() { # BUCKET DIR
  local process arg program has_bucket has_dir args expected found=1
  expected=$(printf '%s\\n' "\${MOUNT_S3_ARGS[@]}" "$1" "$2")
  for process in "$PROC_DIR"/[0-9]*; do
    program='' has_bucket='' has_dir='' args=''
    while IFS= read -r -d '' arg; do
      if [[ -z $program ]]; then
        program=\${arg##*/}
        continue
      fi
      args+=$arg$'\\n'
      if [[ $arg == "$2" ]]; then
        has_dir=yes
      elif [[ $arg == "$1" || $arg == "s3://$1" || $arg == "s3://$1/"* ]]; then
        has_bucket=yes
      fi
    done 2>/dev/null <"$process/cmdline" || true
    if [[ $program == mount-s3 && -n $has_bucket && -n $has_dir ]]; then
      [[ \${args%$'\\n'} == "$expected" ]] && return 0
      found=2
    fi
  done
  return "$found"
}

# A mount whose daemon died stays a mount point but fails every access with
# "Transport endpoint is not connected". statfs always reaches the daemon and
# costs no S3 request, unlike listing a directory that may hold millions of keys.
mount_is_healthy() {
  mountpoint -q "$MOUNT_DIR" && timeout 10 stat -f "$MOUNT_DIR" >/dev/null 2>&1
}

mount_unit() { echo "mountpoint-s3-$MOUNT_NAME"; }

# --collect (systemd 236+) unloads a failed unit by itself. Amazon Linux 2 ships
# systemd 219, which refuses the flag; there reset-failed before each start
# does the same job.
SYSTEMD_RUN_COLLECT=()
SYSTEMD_VERSION=$(systemctl --version 2>/dev/null | awk 'NR == 1 { print $2 }') || true
if [[ $SYSTEMD_VERSION =~ ^[0-9]+$ ]] && ((SYSTEMD_VERSION >= 236)); then
  SYSTEMD_RUN_COLLECT=(--collect)
fi

# Starts mount-s3 as a transient systemd unit; Type=forking makes systemd-run
# return only once mount-s3 has mounted the bucket (or failed to).
start_mount() {
  local unit
  unit=$(mount_unit)
  # A failed unit of the same name would block the new one; usually there is none.
  systemctl reset-failed "$unit" >/dev/null 2>&1 || true
  mp_log "$MOUNT_NAME: mounting s3://$MOUNT_BUCKET at $MOUNT_DIR (unit $unit)"
  if ! systemd-run --unit="$unit" \${SYSTEMD_RUN_COLLECT[@]+"\${SYSTEMD_RUN_COLLECT[@]}"} --property=Type=forking -- \\
    "$MOUNTPOINT_BIN" "\${MOUNT_S3_ARGS[@]}" "$MOUNT_BUCKET" "$MOUNT_DIR"; then
    mp_error "$MOUNT_NAME: mount-s3 failed to mount s3://$MOUNT_BUCKET at $MOUNT_DIR (journalctl -u $unit)"
    return 1
  fi
  if ! mountpoint -q "$MOUNT_DIR"; then
    mp_error "$MOUNT_NAME: $unit started but $MOUNT_DIR is not a mount point (journalctl -u $unit)"
    return 1
  fi
  mp_log "$MOUNT_NAME: mounted"
}

# Makes the loaded mount healthy; non-zero when it still is not. Never mounts
# over, nor detaches, a mount that is not this bucket's Mountpoint.
ensure_mounted() {
  refuse_foreign_mount "$MOUNT_NAME" "$MOUNT_DIR" || return 1
  if mount_is_healthy; then
    local serving=0
    mountpoint_serving "$MOUNT_BUCKET" "$MOUNT_DIR" || serving=$?
    if ((serving == 0)); then
      return 0
    fi
    if ((serving == 2)); then
      # Remounting under running Spark pods would pull their jars away; the operator chooses when.
      mp_error "$MOUNT_NAME: $MOUNT_DIR serves s3://$MOUNT_BUCKET with other arguments than this script's (an older config?); not touching it: unmount it (or drain the node) to apply the new ones"
      return 1
    fi
    mp_error "$MOUNT_NAME: $MOUNT_DIR is a Mountpoint mount, but no mount-s3 process serves s3://$MOUNT_BUCKET there (another bucket?); not touching it: unmount it, or choose another mount.path"
    return 1
  fi
  if mount_entry "$MOUNT_DIR" >/dev/null; then
    mp_log "$MOUNT_NAME: $MOUNT_DIR is mounted but not answering; detaching it to remount"
    # Lazily: processes still holding files on the dead mount must not block the repair.
    if ! umount -l "$MOUNT_DIR"; then
      mp_error "$MOUNT_NAME: cannot detach the stale mount at $MOUNT_DIR"
      return 1
    fi
    # A hung (rather than dead) mount-s3 would keep the unit name taken.
    systemctl stop "$(mount_unit)" >/dev/null 2>&1 || true
  fi
  # Not earlier: mkdir -p fails on a stale mount point with the transport error.
  mkdir -p "$MOUNT_DIR" || return 1
  if [[ -n $MOUNT_CACHE_DIR ]]; then
    mkdir -p "$MOUNT_CACHE_DIR" || return 1
  fi
  start_mount
}

FAILED_RECHECKS=()

# At startup any failure ends the script at once; later a mount gets
# MAX_FAILED_RECHECKS consecutive checks to recover before the script gives up.
check_mounts() { # startup|recheck
  local i
  for ((i = 0; i < MOUNT_COUNT; i++)); do
    load_mount "$i"
    if ensure_mounted; then
      FAILED_RECHECKS[i]=0
    elif [[ $1 == startup ]]; then
      mp_error "$MOUNT_NAME: cannot mount at startup; exiting"
      exit 1
    else
      FAILED_RECHECKS[i]=$((FAILED_RECHECKS[i] + 1))
      if ((FAILED_RECHECKS[i] >= MAX_FAILED_RECHECKS)); then
        mp_error "$MOUNT_NAME: failed $MAX_FAILED_RECHECKS checks in a row; exiting"
        exit 1
      fi
      mp_error "$MOUNT_NAME: check failed (\${FAILED_RECHECKS[i]} of $MAX_FAILED_RECHECKS); retrying in \${CHECK_INTERVAL_SECONDS}s"
    fi
  done
}

# On SIGTERM (the pod stopping) or SIGINT.
on_stop() {
  local job
  trap - TERM INT
  # The sleep this signal interrupted: nothing of ours may outlive the script,
  # not even as a zombie, hence the wait.
  for job in $(jobs -p); do
    kill "$job" 2>/dev/null || true
    wait "$job" 2>/dev/null || true
  done
${props.onStop === 'unmount' ? UNMOUNT_ON_STOP : KEEP_ON_STOP}
}
trap on_stop TERM INT

if ! install_mountpoint; then
  mp_error "Mountpoint $MOUNTPOINT_VERSION is not installed; exiting"
  exit 1
fi
check_mounts startup
mp_log "all $MOUNT_COUNT mount(s) ready; checking them every \${CHECK_INTERVAL_SECONDS}s"
while true; do
  # In the background, so that SIGTERM is handled now rather than after the sleep.
  sleep "$CHECK_INTERVAL_SECONDS" &
  wait $! || true
  check_mounts recheck
done
`;
}

function renderMountBranch(mount: BucketMount, index: number): string {
  return `    ${index})
      MOUNT_NAME=${shellQuote(mount.name)}
      MOUNT_BUCKET=${shellQuote(mount.bucket)}
      MOUNT_DIR=${shellQuote(mount.path)}
      MOUNT_CACHE_DIR=${shellQuote(mount.cache?.directory ?? '')}
      MOUNT_S3_ARGS=(${shellWords(mountpointArgs(mount))})
      ;;`;
}

const KEEP_ON_STOP = `  # Nothing to do: each mount-s3 lives on in its own systemd unit.
  mp_log "stopping; the mounts stay up"
  exit 0`;

const UNMOUNT_ON_STOP = `  local i status=0
  mp_log "stopping; unmounting"
  for ((i = 0; i < MOUNT_COUNT; i++)); do
    load_mount "$i"
    # mount-s3, and with it its systemd unit, exits once unmounted. Only Mountpoint's.
    if [[ $(mount_entry "$MOUNT_DIR") == "$MOUNTPOINT_ENTRY" ]] && ! umount "$MOUNT_DIR"; then
      mp_error "$MOUNT_NAME: cannot unmount $MOUNT_DIR"
      status=1
    fi
  done
  exit "$status"`;
