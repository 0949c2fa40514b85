/**
 * Runs rendered scripts with real bash against stub commands in a throwaway
 * directory. Every stub appends its argv to a calls file, so tests assert the
 * exact commands a script ran; the stubs that matter for mounting share a fake
 * mount table, so a mount made by `systemd-run` is seen by `mountpoint`.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BucketMount, MountpointRelease } from '../../lib/mountpoint/types';
import { shellQuote } from '../../lib/scripts/shell';

export const VERSION = '1.23.0';
export const BASE_URL = 'https://releases.example/mountpoint-s3-release';
export const KEY_URL = `${BASE_URL}/public_keys/KEYS`;

export const OS_RELEASE = {
  al2023:
    'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\nPRETTY_NAME="Amazon Linux 2023.6.20241010"\n',
  al2: 'NAME="Amazon Linux"\nVERSION="2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\n',
  ubuntu: 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
} as const;

/** The fstab of a fresh Amazon Linux 2023 node, before any userData ran. */
export const FSTAB = 'UUID=4c1ad8bb-b5e1-4a7c-bd2e-2c3e1a0b5a7d     /           xfs    defaults,noatime  1   1\n';

/** Where a stubbed `curl` finds `<url>`: the URL without its scheme, under the HTTP root. */
function urlPath(httpRoot: string, url: string): string {
  return path.join(httpRoot, url.replace(/^https?:\/\//, ''));
}

export function rpmUrl(arch: 'x86_64' | 'arm64'): string {
  return `${BASE_URL}/${VERSION}/${arch}/mount-s3-${VERSION}-${arch}.rpm`;
}

/**
 * A release bucket served by the `curl` stub: fake rpms (the `dnf`/`yum` stubs
 * "install" the version written in them) signed with real, freshly generated
 * GPG keys. Like upstream's, the served KEYS holds two primary keys: the
 * release key (pinned) and an older one. `signatures` are other signatures of
 * the x86_64 rpm for tests to serve instead.
 */
export interface ReleaseFixture {
  readonly httpRoot: string;
  /** Primary-key fingerprint of the pinned release key. */
  readonly fingerprint: string;
  /** Primary-key fingerprint of the older key, also in KEYS. */
  readonly olderFingerprint: string;
  readonly signatures: {
    /** By the older key of KEYS. */
    readonly older: string;
    /** By a key that is not in KEYS. */
    readonly unknown: string;
    /** By a signing subkey of the pinned key. */
    readonly subkey: string;
  };
  /** KEYS with the pinned key revoked (its own revocation certificate imported). */
  readonly revokedKeys: string;
  readonly gpg: MountpointRelease;
  readonly sha256: MountpointRelease;
  dispose(): void;
}

export function createReleaseFixture(): ReleaseFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-release-'));
  const httpRoot = path.join(dir, 'http');
  const gpg = (home: string, ...args: string[]) =>
    execFileSync('gpg', ['--batch', '--homedir', home, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const fingerprints = (home: string) =>
    [
      ...gpg(home, '--with-colons', '--fingerprint', '--fingerprint')
        .toString()
        .matchAll(/^fpr:(?:[^:]*:){8}([0-9A-F]{40}):/gm),
    ].map((m) => m[1]);
  const newKey = (name: string) => {
    const home = path.join(dir, name);
    fs.mkdirSync(home, { mode: 0o700 });
    gpg(home, '--passphrase', '', '--quick-gen-key', `${name} <${name}@example.com>`, 'ed25519', 'sign', 'never');
    return { home, fingerprint: fingerprints(home)[0] };
  };
  const release = newKey('release');
  const older = newKey('older');
  const unknown = newKey('unknown');
  gpg(release.home, '--passphrase', '', '--quick-add-key', release.fingerprint, 'ed25519', 'sign', 'never');
  const subkey = fingerprints(release.home).find((f) => f !== release.fingerprint)!;

  const keysFile = urlPath(httpRoot, KEY_URL);
  fs.mkdirSync(path.dirname(keysFile), { recursive: true });
  fs.writeFileSync(keysFile, Buffer.concat([gpg(release.home, '--armor', '--export'), gpg(older.home, '--armor', '--export')]));

  const digests: Record<string, string> = {};
  for (const arch of ['x86_64', 'arm64'] as const) {
    const rpm = urlPath(httpRoot, rpmUrl(arch));
    fs.mkdirSync(path.dirname(rpm), { recursive: true });
    fs.writeFileSync(rpm, `fake mount-s3 rpm\narch=${arch}\nversion=${VERSION}\n`);
    // The primary key itself ("!": exactly this key, not its newest signing subkey).
    gpg(release.home, '--armor', '--local-user', `${release.fingerprint}!`, '--detach-sign', '--output', `${rpm}.asc`, rpm);
    digests[arch] = createHash('sha256').update(fs.readFileSync(rpm)).digest('hex');
  }
  const rpm = urlPath(httpRoot, rpmUrl('x86_64'));
  const signWith = (home: string, user: string, name: string) => {
    const file = path.join(dir, `${name}.asc`);
    gpg(home, '--armor', '--local-user', `${user}!`, '--detach-sign', '--output', file, rpm);
    return file;
  };
  const signatures = {
    older: signWith(older.home, older.fingerprint, 'older'),
    unknown: signWith(unknown.home, unknown.fingerprint, 'unknown'),
    subkey: signWith(release.home, subkey, 'subkey'),
  };

  // gpg writes a revocation certificate for every new key, its first line guarded by ":".
  const revocation = path.join(dir, 'release.rev');
  fs.writeFileSync(
    revocation,
    fs.readFileSync(path.join(release.home, 'openpgp-revocs.d', `${release.fingerprint}.rev`), 'utf8').replace(/^:-----/m, '-----'),
  );
  gpg(release.home, '--import', revocation);
  const revokedKeys = path.join(dir, 'KEYS-revoked');
  fs.writeFileSync(revokedKeys, Buffer.concat([gpg(release.home, '--armor', '--export'), gpg(older.home, '--armor', '--export')]));

  // Signing started an agent per key home; nothing may outlive the tests.
  for (const { home } of [release, older, unknown]) {
    execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
  }

  return {
    httpRoot,
    fingerprint: release.fingerprint,
    olderFingerprint: older.fingerprint,
    signatures,
    revokedKeys,
    gpg: {
      version: VERSION,
      baseUrl: BASE_URL,
      packageSource: 'release',
      verification: { method: 'gpg', fingerprint: release.fingerprint, keyUrl: KEY_URL },
    },
    sha256: {
      version: VERSION,
      baseUrl: BASE_URL,
      packageSource: 'release',
      verification: { method: 'sha256', sha256: { x86_64: digests.x86_64, arm64: digests.arm64 } },
    },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Shared by the stubs: argv logging and the fake mount table (mountinfo format). */
const STUB_LIB = String.raw`
log_call() {
  { printf '%s' "${'$'}{0##*/}"; if (($#)); then printf '\x1f%s' "$@"; fi; printf '\n'; } >>"$STUB_CALLS"
}
escape_mount_point() {
  local p=$1
  p=${'$'}{p//\\/\\134}; p=${'$'}{p// /\\040}; p=${'$'}{p//$'\t'/\\011}
  printf '%s' "$p"
}
is_listed() {
  P=$(escape_mount_point "$1") awk '$5 == ENVIRON["P"] { found = 1 } END { exit !found }' "$MOUNT_TABLE_FILE"
}
add_mount() {
  printf '90 22 0:90 / %s rw,nosuid,nodev,relatime - fuse mountpoint-s3 rw,user_id=0,group_id=0\n' \
    "$(escape_mount_point "$1")" >>"$MOUNT_TABLE_FILE"
}
remove_mount() {
  P=$(escape_mount_point "$1") awk '$5 != ENVIRON["P"]' "$MOUNT_TABLE_FILE" >"$MOUNT_TABLE_FILE.new"
  mv "$MOUNT_TABLE_FILE.new" "$MOUNT_TABLE_FILE"
  grep -vxF -- "$1" "$STUB_STATE/stale" >"$STUB_STATE/stale.new" || true
  mv "$STUB_STATE/stale.new" "$STUB_STATE/stale"
}
# A fake /proc/PID/cmdline: the arguments, each ended by a NUL.
add_process() {
  local pid=$((1000 + $(find "$PROC_DIR" -mindepth 1 -maxdepth 1 | wc -l)))
  mkdir -p "$PROC_DIR/$pid"
  printf '%s\0' "$@" >"$PROC_DIR/$pid/cmdline"
}
last_arg() { printf '%s' "${'$'}{!#}"; }
# Counts down STUB_STATE/NAME.fail ("always" never runs out); true while it lasts.
take_failure() {
  local file=$STUB_STATE/$1.fail left
  [[ -e $file ]] || return 1
  left=$(<"$file")
  if [[ $left == 1 ]]; then rm "$file"; elif [[ $left != always ]]; then echo $((left - 1)) >"$file"; fi
}
`;

function stubs(realGpg: string, realSha256sum: string): Record<string, string> {
  // Installs a local rpm (the version written in it) or the repository's
  // mount-s3-VERSION; fails like a held rpm lock while a countdown is left.
  const installer = String.raw`
if take_failure "${'$'}{0##*/}"; then
  echo "Error: Failed to obtain the transaction lock (logged by another process)." >&2; exit 1
fi
if [[ $1 != install || $2 != -y ]]; then echo "stub: unexpected call" >&2; exit 1; fi
if [[ -f $3 ]]; then
  version=$(sed -n 's/^version=//p' "$3") bin=$MOUNTPOINT_PREFIX/bin
elif [[ $3 == mount-s3-* ]]; then
  available=$(cat "$STUB_STATE/repository-version" 2>/dev/null || echo 1.23.0)
  if [[ ${'$'}{3#mount-s3-} != "$available" ]]; then echo "Error: Unable to find a match: $3" >&2; exit 1; fi
  version=$available+1.amzn2023 bin=$MOUNTPOINT_USR_BIN
else
  echo "stub: unexpected call" >&2; exit 1
fi
mkdir -p "$bin"
printf '#!/usr/bin/env bash\n. "$STUB_LIB"; log_call "$@"\n[[ $1 == --version ]] && echo "mount-s3 %s"\n' "$version" >"$bin/mount-s3"
chmod +x "$bin/mount-s3"
echo "Installed: mount-s3-$version"`;
  return {
    uname: 'echo "$STUB_UNAME_M"',
    curl: String.raw`
out='' url=$(last_arg "$@")
while (($#)); do if [[ $1 == -o ]]; then out=$2; fi; shift; done
src=$STUB_HTTP_ROOT/${'$'}{url#*://}
if [[ ! -f $src ]]; then echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; fi
cp "$src" "$out"`,
    dnf: installer,
    yum: installer,
    gpg: `exec ${realGpg} "$@"`,
    sha256sum: `exec ${realSha256sum} "$@"`,
    mountpoint: 'is_listed "$(last_arg "$@")"',
    // Only the health probe goes through timeout; a stale mount fails it like a dead FUSE daemon.
    timeout: String.raw`
dir=$(last_arg "$@")
if grep -qxF -- "$dir" "$STUB_STATE/stale"; then
  echo "stat: cannot read file system information for '$dir': Transport endpoint is not connected" >&2
  exit 1
fi`,
    // Like systemd when no unit of that name is loaded.
    systemctl: String.raw`
if [[ $1 == daemon-reload ]]; then exit 0; fi
if [[ $1 == --version ]]; then
  echo "systemd $(cat "$STUB_STATE/systemd-version" 2>/dev/null || echo 252) (252.23-2.amzn2023)"
  exit 0
fi
echo "Failed to $1 $2.service: Unit $2.service not loaded." >&2; exit 1`,
    // Another package manager runs while the countdown lasts.
    pgrep: String.raw`if take_failure pgrep-idle; then echo 4242; exit 0; fi; exit 1`,
    'systemd-run': String.raw`
while (($#)) && [[ $1 != -- ]]; do shift; done; shift
if take_failure systemd-run; then
  echo "Job for mountpoint-s3.service failed because the control process exited with error code." >&2
  exit 1
fi
if [[ ! -x $1 ]]; then echo "Failed to find executable $1" >&2; exit 1; fi
add_mount "$(last_arg "$@")"
add_process "$@"`,
    // mount(8) given only a mount point: mounts what the fstab line for it says.
    mount: String.raw`
dir=$(last_arg "$@")
if ! awk -v dir="$dir" '!/^[[:space:]]*#/ && $2 == dir { found = 1 } END { exit !found }' "$FSTAB_FILE"; then
  echo "mount: $dir: can't find in $FSTAB_FILE." >&2; exit 1
fi
if grep -qxF -- "$dir" "$STUB_STATE/mount.fail" 2>/dev/null; then
  echo "mount: $dir: mount(2) system call failed: No such device or address." >&2; exit 32
fi
add_mount "$dir"`,
    umount: String.raw`
dir=$(last_arg "$@")
if ! is_listed "$dir"; then echo "umount: $dir: not mounted." >&2; exit 32; fi
remove_mount "$dir"`,
  };
}

export interface SandboxOptions {
  /** What `uname -m` prints. @default 'x86_64' */
  readonly machine?: string;
  /** @default OS_RELEASE.al2023 */
  readonly osRelease?: string;
  /** Version a pre-installed mount-s3 reports; none installed when absent. */
  readonly installedVersion?: string;
  /** Where the pre-installed mount-s3 lives: the release rpm's prefix, or /usr/bin as Amazon Linux 2023's package. @default 'release' */
  readonly installedFrom?: 'release' | 'al2023-repository';
  /**
   * Use the real `mountpoint`, `timeout` + `stat` and `/proc/self/mountinfo`
   * instead of stubs and a fake mount table (with `runWithTmpfsAt`). @default false
   */
  readonly realMountTable?: boolean;
  /** Replace `sleep` with a stub that logs and returns at once (for back-off tests). @default false */
  readonly stubSleep?: boolean;
}

export interface RunStep {
  /** Fires once, when output produced since the previous step matches. */
  readonly when: RegExp;
  readonly then: 'SIGTERM' | 'SIGINT' | (() => void);
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether any process of the script's process group was still alive after it exited. */
  readonly leftProcesses: boolean;
}

export class Sandbox {
  readonly root: string;
  readonly bin: string;
  readonly prefix: string;
  readonly usrBin: string;
  readonly tmp: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly running = new Set<ChildProcess>();

  constructor(fixture: ReleaseFixture, options: SandboxOptions = {}) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-sandbox-'));
    this.bin = path.join(this.root, 'bin');
    this.prefix = path.join(this.root, 'opt/aws/mountpoint-s3');
    this.usrBin = path.join(this.root, 'usr/bin');
    this.tmp = path.join(this.root, 'tmp');
    for (const dir of [this.bin, this.tmp, this.file('state'), this.file('home'), this.file('proc')])
      fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(fixture.httpRoot, this.file('http'), { recursive: true });
    fs.writeFileSync(this.file('calls'), '');
    fs.writeFileSync(this.file('state/stale'), '');
    fs.writeFileSync(this.file('os-release'), options.osRelease ?? OS_RELEASE.al2023);
    fs.writeFileSync(
      this.file('mountinfo'),
      '22 1 259:1 / / rw,noatime shared:1 - xfs /dev/nvme0n1p1 rw\n' +
        '23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw\n',
    );
    fs.writeFileSync(this.file('stub-lib.sh'), STUB_LIB);
    fs.writeFileSync(this.file('fstab'), FSTAB);

    const which = (cmd: string) =>
      execFileSync('bash', ['-c', `command -v ${cmd}`])
        .toString()
        .trim();
    const real = options.realMountTable ? ['mountpoint', 'timeout'] : [];
    for (const [name, body] of Object.entries(stubs(which('gpg'), which('sha256sum'))).filter(([n]) => !real.includes(n))) {
      fs.writeFileSync(path.join(this.bin, name), `#!/usr/bin/env bash\n. "$STUB_LIB"\nlog_call "$@"\n${body}\n`, {
        mode: 0o755,
      });
    }
    this.env = {
      PATH: `${this.bin}:${process.env.PATH}`,
      HOME: this.file('home'),
      LC_ALL: 'C',
      TMPDIR: this.tmp,
      OS_RELEASE_FILE: this.file('os-release'),
      MOUNTPOINT_PREFIX: this.prefix,
      MOUNTPOINT_USR_BIN: this.usrBin,
      ...(options.realMountTable ? {} : { MOUNT_TABLE_FILE: this.file('mountinfo') }),
      PROC_DIR: this.file('proc'),
      FSTAB_FILE: this.file('fstab'),
      STUB_LIB: this.file('stub-lib.sh'),
      STUB_CALLS: this.file('calls'),
      STUB_STATE: this.file('state'),
      STUB_HTTP_ROOT: this.file('http'),
      STUB_UNAME_M: options.machine ?? 'x86_64',
    };
    if (options.installedVersion) {
      const bin = options.installedFrom === 'al2023-repository' ? this.usrBin : `${this.prefix}/bin`;
      this.stubTool(`${bin}/mount-s3`, `[[ $1 == --version ]] && echo "mount-s3 ${options.installedVersion}"`);
    }
    if (options.stubSleep) this.stubTool(path.join(this.bin, 'sleep'), 'exit 0');
  }

  file(relative: string): string {
    return path.join(this.root, relative);
  }

  /** The file the `curl` stub serves for `url`. */
  served(url: string): string {
    return urlPath(this.file('http'), url);
  }

  /** A BucketMount whose directories live in this sandbox. */
  mount(name: string, overrides: Partial<BucketMount> = {}): BucketMount {
    return {
      name,
      bucket: `spark-${name}`,
      prefix: `${name}/`,
      region: 'us-west-2',
      path: this.file(`mnt/s3/${name}`),
      readOnly: true,
      allowDelete: false,
      allowOverwrite: false,
      allowOther: true,
      cache: { directory: this.file(`cache/${name}`), maxSizeMiB: 1024 },
      metadataTtl: 'indefinite',
      ...overrides,
    };
  }

  /** Forgets the commands run so far (a second run of a script on the same node). */
  clearCalls(): void {
    fs.writeFileSync(this.file('calls'), '');
  }

  /** The calls of the named commands, in order, with sandbox paths shortened to `<sandbox>` and `<work>`. */
  calls(...commands: string[]): string[][] {
    return fs
      .readFileSync(this.file('calls'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\x1f'))
      .filter(([command]) => commands.length === 0 || commands.includes(command))
      .map((argv) =>
        argv.map((arg) =>
          arg
            .replace(/\S*\/tmp\/mountpoint-s3\.[A-Za-z0-9]{8}/g, '<work>')
            .split(this.root)
            .join('<sandbox>'),
        ),
      );
  }

  /** Mount points in the fake mount table made by the stubs. */
  mounted(): string[] {
    return fs
      .readFileSync(this.file('mountinfo'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(' - fuse '))
      .map((line) => line.split(' ')[4].replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8))));
  }

  /** A Mountpoint mount of `bucket` at `dir`, and the mount-s3 process that serves it. */
  addMount(dir: string, bucket: string): void {
    this.stubShell(`add_mount ${shellQuote(dir)} && add_process /usr/bin/mount-s3 --read-only ${shellQuote(bucket)} ${shellQuote(dir)}`);
  }

  /** The mount stays listed but its FUSE daemon is gone. */
  markStale(dir: string): void {
    fs.appendFileSync(this.file('state/stale'), `${dir}\n`);
  }

  /** The next `times` starts fail like a mount-s3 that cannot reach the bucket. */
  failSystemdRun(times = Infinity): void {
    fs.writeFileSync(this.file('state/systemd-run.fail'), times === Infinity ? 'always' : String(times));
  }

  /** The next `times` runs of `command` (dnf, yum) fail as if another process held the rpm lock. */
  failPackageManager(command: 'dnf' | 'yum', times: number | 'always'): void {
    fs.writeFileSync(this.file(`state/${command}.fail`), String(times));
  }

  /** `pgrep` finds another package manager running for its next `times` calls. */
  busyPackageManager(times: number): void {
    fs.writeFileSync(this.file('state/pgrep-idle.fail'), String(times));
  }

  /** The mount-s3 version Amazon Linux 2023's repository offers. @default '1.23.0' */
  repositoryOffers(version: string): void {
    fs.writeFileSync(this.file('state/repository-version'), version);
  }

  /** `mount DIR` fails for this mount point, like a bucket the node role cannot list. */
  failMount(dir: string): void {
    fs.appendFileSync(this.file('state/mount.fail'), `${dir}\n`);
  }

  /** The sandbox's /etc/fstab. */
  fstab(): string {
    return fs.readFileSync(this.file('fstab'), 'utf8');
  }

  /** Writes an executable that logs its calls like the other stubs. */
  stubTool(file: string, body: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/usr/bin/env bash\n. "$STUB_LIB"\nlog_call "$@"\n${body}\n`, { mode: 0o755 });
  }

  /**
   * Runs `script` with bash in its own process group, firing `steps` as the
   * output reaches them; the group is killed if still running after `timeoutMs`.
   */
  run(script: string, steps: readonly RunStep[] = [], timeoutMs = 4_000): Promise<RunResult> {
    return this.spawnScript(script, (file) => ['bash', file], steps, timeoutMs);
  }

  /**
   * Like `run`, inside a mount namespace of its own (`unshare`, see
   * UNSHARE_MOUNT_NAMESPACE) where a tmpfs is mounted at `dir` first: a
   * foreign mount the host never sees.
   */
  runWithTmpfsAt(dir: string, script: string, steps: readonly RunStep[] = []): Promise<RunResult> {
    if (!UNSHARE_MOUNT_NAMESPACE) throw new Error('unshare cannot make a mount namespace here');
    // The system's mount, not the stub on PATH.
    const inside = 'mkdir -p -- "$1" && PATH=/usr/sbin:/usr/bin:/sbin:/bin mount -t tmpfs tmpfs "$1" && exec bash "$2"';
    return this.spawnScript(script, (file) => [...UNSHARE_MOUNT_NAMESPACE!, 'bash', '-c', inside, 'with-tmpfs', dir, file], steps, 4_000);
  }

  private spawnScript(script: string, argv: (file: string) => string[], steps: readonly RunStep[], timeoutMs: number): Promise<RunResult> {
    const scriptFile = this.file('script.sh');
    fs.writeFileSync(scriptFile, script, { mode: 0o755 });
    const [command, ...args] = argv(scriptFile);
    const child = spawn(command, args, { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.running.add(child);
    let stdout = '';
    let stderr = '';
    let output = '';
    let cursor = 0;
    let next = 0;
    const advance = () => {
      while (next < steps.length && steps[next].when.test(output.slice(cursor))) {
        const { then } = steps[next++];
        cursor = output.length;
        if (typeof then === 'function') then();
        else child.kill(then);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
      advance();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
      advance();
    });
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    // 'exit' rather than 'close': a leftover child holding the pipes must fail
    // the leftProcesses check, not hang the test until the timeout.
    const exited = new Promise<{ code: number | null; leftProcesses: boolean }>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', async (code) => {
        clearTimeout(timer);
        const leftProcesses = await groupOutlives(child, 300);
        killGroup(child);
        resolve({ code, leftProcesses });
      });
    });
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    return Promise.all([exited, closed]).then(([{ code, leftProcesses }]) => {
      this.running.delete(child);
      return { code, stdout, stderr, leftProcesses };
    });
  }

  dispose(): void {
    for (const child of this.running) killGroup(child);
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private stubShell(command: string): void {
    execFileSync('bash', ['-c', `. "$STUB_LIB"; ${command}`], { env: this.env });
  }
}

/**
 * How to enter a new mount namespace here: `unshare -m` as root, else
 * `unshare -rm` (a user namespace mapping us to root); undefined when
 * neither is permitted (some containers forbid both).
 */
export const UNSHARE_MOUNT_NAMESPACE: readonly string[] | undefined = [
  ['unshare', '-m', '--propagation', 'private'],
  ['unshare', '-rm', '--propagation', 'private'],
].find(([command, ...args]) => spawnSync(command, [...args, 'true']).status === 0);

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Whether the process group still has members after a grace period (a killed process takes a moment to go). */
async function groupOutlives(child: ChildProcess, graceMs: number): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      return false;
    }
    if (Date.now() > deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Jest hooks shared by script test files: one release fixture per file and a
 * fresh sandbox per test, both removed afterwards.
 */
export function useSandboxes(): { readonly fixture: ReleaseFixture; newSandbox(options?: SandboxOptions): Sandbox } {
  let fixture: ReleaseFixture | undefined;
  let sandbox: Sandbox | undefined;
  beforeAll(() => {
    fixture = createReleaseFixture();
  });
  afterAll(() => fixture?.dispose());
  afterEach(() => sandbox?.dispose());
  return {
    get fixture(): ReleaseFixture {
      if (!fixture) throw new Error('the release fixture exists only inside tests');
      return fixture;
    },
    newSandbox(options: SandboxOptions = {}): Sandbox {
      sandbox = new Sandbox(this.fixture, options);
      return sandbox;
    },
  };
}
