import { GpgVerification, MountpointRelease, Sha256Verification } from '../mountpoint/types';
import { shellQuote } from './shell';

/**
 * A bash fragment that defines `install_mountpoint` (and its `mp_*` helpers):
 * it installs exactly `release`, from the downloaded and verified release rpm
 * or from Amazon Linux 2023's own repository, or does nothing when that
 * version is already installed.
 *
 * The fragment assumes nothing about its caller (DaemonSet script, EC2
 * userData): it works with or without `set -euo pipefail`, returns non-zero
 * instead of exiting, and only defines variables and functions until called.
 */
export function renderInstallMountpoint(release: MountpointRelease): string {
  if (release.packageSource === 'al2023-repository') {
    return [settings(release), HELPERS, PACKAGE_MANAGER, FROM_REPOSITORY, INSTALL].join('\n');
  }
  const verification = release.verification;
  return [
    settings(release),
    HELPERS,
    PACKAGE_MANAGER,
    verification.method === 'gpg' ? gpgVerification(verification) : sha256Verification(verification),
    FROM_RELEASE,
    INSTALL,
  ].join('\n');
}

function settings(release: MountpointRelease): string {
  const fromRepository = release.packageSource === 'al2023-repository';
  return `# --- Mountpoint for Amazon S3: pinned, verified installation ---------------
# Every step checks its own exit status: errexit cannot be relied on, since a
# caller may not set it and bash ignores it inside \`if ! install_mountpoint\`.

# Overridable so tests can run this against fixtures; nodes keep the defaults.
OS_RELEASE_FILE=\${OS_RELEASE_FILE:-/etc/os-release}
${
  fromRepository
    ? `# Amazon Linux 2023's mount-s3 package installs the binary in /usr/bin.
MOUNTPOINT_BIN=\${MOUNTPOINT_USR_BIN:-/usr/bin}/mount-s3`
    : `MOUNTPOINT_PREFIX=\${MOUNTPOINT_PREFIX:-/opt/aws/mountpoint-s3}
MOUNTPOINT_BIN=$MOUNTPOINT_PREFIX/bin/mount-s3`
}
# Package manager runs: attempts, first back-off (doubled after each failure),
# and how long to wait for another package manager to finish before each one.
MOUNTPOINT_INSTALL_ATTEMPTS=5
MOUNTPOINT_RETRY_SECONDS=3
MOUNTPOINT_LOCK_WAIT_SECONDS=300

MOUNTPOINT_VERSION=${shellQuote(release.version)}
${fromRepository ? '' : `MOUNTPOINT_BASE_URL=${shellQuote(release.baseUrl)}\n`}`;
}

function gpgVerification(verification: GpgVerification): string {
  return `MOUNTPOINT_KEY_URL=${shellQuote(verification.keyUrl)}
MOUNTPOINT_KEY_FINGERPRINT=${shellQuote(verification.fingerprint.toUpperCase())}

# KEYS is downloaded next to the package and may hold other keys besides the
# pinned one (upstream's holds an older release key too), so what it holds
# proves nothing: the signature must be good AND made by the pinned key (or one
# of its subkeys). A throwaway keyring, and --no-autostart so that no gpg-agent
# outlives the install, where gpg knows it: GnuPG 2.1.1 added it, and the
# GnuPG 2.0 of Amazon Linux 2 refuses it (and starts no agent to verify).
mp_verify_package() { # RPM_FILE RPM_URL ARCH WORK_DIR
  local rpm=$1 url=$2 keyring=$4/gnupg status signers gpg_options gpg_help
  mkdir -m 700 "$keyring" || return 1
  mp_download "$MOUNTPOINT_KEY_URL" "$4/KEYS" || return 1
  mp_download "$url.asc" "$rpm.asc" || return 1
  gpg_options=(--batch --homedir "$keyring")
  # Captured first: under pipefail, grep -q leaving early could fail a pipe.
  gpg_help=$(gpg --dump-options 2>/dev/null) || true
  if grep -qxF -- --no-autostart <<<"$gpg_help"; then
    gpg_options+=(--no-autostart)
  fi
  if ! gpg "\${gpg_options[@]}" --import "$4/KEYS"; then
    mp_error "cannot import the signing keys from $MOUNTPOINT_KEY_URL"
    return 1
  fi
  if ! status=$(gpg "\${gpg_options[@]}" --status-fd 1 --verify "$rpm.asc" "$rpm"); then
    mp_error "no good signature on $url (gpg says why above)"
    return 1
  fi
  # gpg accepts a signature of a revoked key with only a warning.
  if grep -q '^\\[GNUPG:\\] REVKEYSIG ' <<<"$status"; then
    mp_error "$url is signed by a revoked key"
    return 1
  fi
  # VALIDSIG is printed for each good signature; its 12th field is the
  # fingerprint of the primary key of the (sub)key that made it.
  signers=$(awk '$1 == "[GNUPG:]" && $2 == "VALIDSIG" { print ($12 != "" ? $12 : $3) }' <<<"$status")
  if ! grep -qxF -- "$MOUNTPOINT_KEY_FINGERPRINT" <<<"$signers"; then
    mp_error "$url is not signed by the pinned key $MOUNTPOINT_KEY_FINGERPRINT (good signatures by: [\${signers//$'\\n'/ }])"
    return 1
  fi
}
`;
}

function sha256Verification(verification: Sha256Verification): string {
  return `MOUNTPOINT_SHA256_X86_64=${shellQuote(verification.sha256.x86_64)}
MOUNTPOINT_SHA256_ARM64=${shellQuote(verification.sha256.arm64)}

mp_verify_package() { # RPM_FILE RPM_URL ARCH WORK_DIR
  local expected
  case $3 in
    x86_64) expected=$MOUNTPOINT_SHA256_X86_64 ;;
    arm64) expected=$MOUNTPOINT_SHA256_ARM64 ;;
  esac
  if ! sha256sum -c --quiet <<<"$expected  $1"; then
    mp_error "sha256 mismatch for $2: expected $expected"
    return 1
  fi
}
`;
}

const HELPERS = `# Timestamped lines on stdout (kubectl logs, cloud-init log); errors on stderr.
mp_log() { printf '%(%Y-%m-%dT%H:%M:%S%z)T %s\\n' -1 "$*"; }
mp_error() { mp_log "ERROR: $*" >&2; }

# What the installed binary reports, e.g. "mount-s3 1.23.0"; empty when absent.
mp_installed_version() {
  if [[ -x $MOUNTPOINT_BIN ]]; then
    "$MOUNTPOINT_BIN" --version 2>/dev/null || true
  fi
}

# Whether a --version output is the pinned version: "mount-s3 1.23.0" from the
# release rpm, "mount-s3 1.23.0+1.amzn2023" from Amazon Linux 2023's package
# (after "+" comes the distribution's build, not part of the version).
mp_is_pinned_version() { # VERSION_OUTPUT
  [[ $1 == "mount-s3 $MOUNTPOINT_VERSION" || $1 == "mount-s3 $MOUNTPOINT_VERSION+"* ]]
}
`;

const PACKAGE_MANAGER = `# The package manager of the distributions we know the rpm works on. The file
# is parsed rather than sourced so that it cannot run code in this shell.
mp_package_manager() {
  local key value id='' version_id=''
  if [[ ! -r $OS_RELEASE_FILE ]]; then
    mp_error "cannot read $OS_RELEASE_FILE to detect the distribution"
    return 1
  fi
  while IFS='=' read -r key value || [[ -n $key ]]; do
    value=\${value#[\\"\\']}
    value=\${value%[\\"\\']}
    case $key in
      ID) id=$value ;;
      VERSION_ID) version_id=$value ;;
    esac
  done <"$OS_RELEASE_FILE"
  case "$id $version_id" in
    'amzn 2023') echo dnf ;;
    'amzn 2') echo yum ;;
    *)
      mp_error "unsupported distribution (ID=$id VERSION_ID=$version_id): only Amazon Linux 2023 and Amazon Linux 2 are supported"
      return 1
      ;;
  esac
}

# Another dnf, yum or rpm (cloud-init, the SSM agent at first boot) holds the
# rpm database lock: wait for it to finish, for a while, before trying.
mp_wait_for_package_lock() {
  local deadline=$((SECONDS + MOUNTPOINT_LOCK_WAIT_SECONDS)) waiting=''
  command -v pgrep >/dev/null 2>&1 || return 0
  while pgrep -x 'dnf|dnf-3|yum|rpm|dnf-automatic|yum-cron' >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      mp_log "another package manager is still running after \${MOUNTPOINT_LOCK_WAIT_SECONDS}s; trying anyway"
      return 0
    fi
    if [[ -z $waiting ]]; then
      mp_log "waiting for another package manager to finish"
      waiting=yes
    fi
    sleep 2
  done
}

# Runs a package manager command, retrying with back-off as Mountpoint's own
# user-data example does: a lock held by a concurrent run fails it at once.
mp_package_run() { # COMMAND...
  local attempt delay=$MOUNTPOINT_RETRY_SECONDS
  for ((attempt = 1; ; attempt++)); do
    mp_wait_for_package_lock
    if "$@"; then
      return 0
    fi
    if ((attempt >= MOUNTPOINT_INSTALL_ATTEMPTS)); then
      mp_error "$* failed $attempt times; giving up"
      return 1
    fi
    mp_log "$1 failed (attempt $attempt of $MOUNTPOINT_INSTALL_ATTEMPTS); retrying in \${delay}s"
    sleep "$delay"
    delay=$((delay * 2))
  done
}
`;

/** Defines `mp_install_package`: the signed release rpm, downloaded and verified first. */
const FROM_RELEASE = `# Mountpoint ships x86_64 and arm64 packages; the kernel calls the latter aarch64.
mp_arch() {
  local machine
  machine=$(uname -m) || return 1
  case $machine in
    x86_64) echo x86_64 ;;
    aarch64) echo arm64 ;;
    *)
      mp_error "unsupported CPU architecture '$machine': Mountpoint ships x86_64 and arm64 (aarch64) packages"
      return 1
      ;;
  esac
}

# -f: an HTTP error fails the download instead of saving the error page.
mp_download() { # URL FILE
  mp_log "downloading $1"
  curl -fsSL --retry 3 -o "$2" "$1"
}

# Installs the release rpm for this node's architecture. Installs nothing when
# the package cannot be downloaded and verified.
mp_install_package() { # PACKAGE_MANAGER
  local arch rpm_name rpm_url rpm
  arch=$(mp_arch) || return 1
  # Not local: the EXIT trap reads it after this function has returned. It
  # fires when the subshell of install_mountpoint ends.
  work_dir=$(mktemp -d -t mountpoint-s3.XXXXXXXX) || return 1
  trap 'rm -rf -- "$work_dir"' EXIT
  rpm_name=mount-s3-$MOUNTPOINT_VERSION-$arch.rpm
  rpm_url=$MOUNTPOINT_BASE_URL/$MOUNTPOINT_VERSION/$arch/$rpm_name
  rpm=$work_dir/$rpm_name
  if ! mp_download "$rpm_url" "$rpm" || ! mp_verify_package "$rpm" "$rpm_url" "$arch" "$work_dir"; then
    mp_error "refusing to install Mountpoint: $rpm_url could not be downloaded and verified"
    return 1
  fi
  # This one local file: no repository update, no package beyond its dependencies.
  mp_package_run "$1" install -y "$rpm"
}
`;

/** Defines `mp_install_package`: Amazon Linux 2023's own package, signed by its repository. */
const FROM_REPOSITORY = `# Installs mount-s3 at the pinned version from Amazon Linux 2023's own
# repository (dnf checks the repository's signatures). Amazon Linux 2 has no
# such package.
mp_install_package() { # PACKAGE_MANAGER
  if [[ $1 != dnf ]]; then
    mp_error "packageSource al2023-repository needs Amazon Linux 2023, but this node runs Amazon Linux 2: use packageSource release"
    return 1
  fi
  if ! mp_package_run dnf install -y "mount-s3-$MOUNTPOINT_VERSION"; then
    mp_error "mount-s3-$MOUNTPOINT_VERSION is not installable from this node's Amazon Linux 2023 repositories (they carry mount-s3 since 2023.9.20251110)"
    return 1
  fi
}
`;

const INSTALL = `# Installs the pinned version unless it is already installed; non-zero when
# that fails. The body is a subshell so that its EXIT trap (removing the
# download directory) neither replaces nor is replaced by the caller's traps.
install_mountpoint() (
  installed=$(mp_installed_version)
  if mp_is_pinned_version "$installed"; then
    mp_log "Mountpoint $MOUNTPOINT_VERSION is already installed ($installed)"
    return 0
  fi
  mp_log "installing Mountpoint $MOUNTPOINT_VERSION (installed now: \${installed:-nothing})"
  package_manager=$(mp_package_manager) || return 1
  mp_install_package "$package_manager" || return 1
  # Catches a package manager that "succeeds" without installing (e.g. a newer version present).
  installed=$(mp_installed_version)
  if ! mp_is_pinned_version "$installed"; then
    mp_error "after installing Mountpoint $MOUNTPOINT_VERSION, $MOUNTPOINT_BIN reports '$installed'"
    return 1
  fi
  mp_log "installed Mountpoint $MOUNTPOINT_VERSION"
)
`;
