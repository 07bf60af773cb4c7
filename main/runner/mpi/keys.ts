// Passwordless SSH between a platform's endpoints for MPI launchers: one key pair per platform, generated on the
// first endpoint, authorized on every endpoint, with host keys each endpoint scans FROM ITSELF (ssh-keyscan on
// its own address, run over the app's verified session) and checked against the key the app verified, then
// distributed. An ssh wrapper and ssh_config under ~/.virtlab/mpi/<id>/ keep the user's own ~/.ssh untouched
// (apart from one tagged authorized_keys line that `removeMpiKeys` deletes again).
import { parseKeyValues } from '../../ssh/key-values.ts';
import { RunnerError } from '../errors.ts';
import { mustRun, remoteHome, shArgv, type BenchEndpoint } from '../remote.ts';
import { HostAddress, HostUser } from '../../contract/hosts.ts';

export interface MpiPeer {
  endpoint: BenchEndpoint;
  /** sshd port the other endpoints use. */ port: number;
}

export interface MpiKeys {
  id: string;
  /** Per endpoint: absolute path of the ssh wrapper to give the MPI launcher. */
  wrapper: Map<string, string>;
  tag: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

// $1 folder: creates an ed25519 pair once; prints the public key.
const KEYGEN =
  'set -e; umask 077; mkdir -p -- "$1"; [ -f "$1/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "$2" -f "$1/id_ed25519"; cat "$1/id_ed25519.pub"';
// $1 address, $2 port: the endpoint scans its own sshd; prints known_hosts lines.
const SELF_SCAN = 'ssh-keyscan -T 10 -p "$2" -- "$1" 2>/dev/null';
// Defines edit_keys TAG FILE: authorized_keys without the lines carrying TAG (this key's own lines, never another's),
// plus FILE's lines, written through a temporary file of its own (mktemp) and moved into place, under an flock on
// ~/.ssh/authorized_keys.virtlab-lock where flock exists, so two VirtLab processes editing at once each keep the
// other's lines (with a shared temporary name, or without the lock, the last move dropped the other's key).
export const EDIT_KEYS = [
  'edit_keys() {',
  '  ak="$HOME/.ssh/authorized_keys"',
  '  if command -v flock >/dev/null 2>&1; then exec 9>"$ak.virtlab-lock" && flock -w 60 9; fi',
  '  t=$(mktemp "$ak.virtlab.XXXXXXXX") || return 1',
  '  { grep -v -F -- "$1" "$ak" || true; cat -- "$2"; } > "$t" && chmod 600 "$t" && mv -f -- "$t" "$ak" || { rm -f -- "$t"; return 1; }',
  '  exec 9>&-',
  '}',
].join('\n');
// $1 folder, $2 tag; stdin: "PRIV\n---\nPUB\n---\nKNOWN_HOSTS\n---\nSSH_CONFIG". Installs everything, idempotently.
const INSTALL = [
  EDIT_KEYS,
  'set -e; umask 077; d=$1; tag=$2',
  'mkdir -p -- "$d" "$HOME/.ssh"',
  'awk -v d="$d" \'BEGIN{n=0} /^---$/{n++; next} {f=(n==0?"id_ed25519":n==1?"id_ed25519.pub":n==2?"known_hosts":"ssh_config"); print > (d "/" f)}\'',
  'touch "$HOME/.ssh/authorized_keys"',
  'edit_keys "$tag" "$d/id_ed25519.pub"',
  'printf "#!/bin/sh\\nexec ssh -F %s \\"\\$@\\"\\n" "$d/ssh_config" > "$d/ssh"',
  'chmod 700 "$d/ssh"',
].join('\n');
const REMOVE = [EDIT_KEYS, 'd=$1; tag=$2', 'if [ -f "$HOME/.ssh/authorized_keys" ]; then edit_keys "$tag" /dev/null; fi', 'rm -rf -- "$d"'].join('\n');
// $1 port: the public host keys of the sshd listening there, from its own config's HostKey lines (the config
// named by its -f option, else /etc/ssh/sshd_config), falling back to /etc/ssh/ssh_host_*_key.
const SSHD_HOST_KEYS = [
  'port=$1; cfg=/etc/ssh/sshd_config',
  'pid=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n \'s/.*pid=\\([0-9]*\\).*/\\1/p\' | head -n 1)',
  'if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then',
  // sshd retitles itself ("sshd: /usr/sbin/sshd -f FILE [listener]"): read the words either way.
  '  c=$(tr "\\000" " " < "/proc/$pid/cmdline" | awk \'{ for (i = 1; i < NF; i++) if ($i == "-f") { print $(i + 1); exit } }\')',
  '  [ -n "$c" ] && cfg=$c',
  'fi',
  'keys=$(awk \'tolower($1) == "hostkey" { print $2 }\' "$cfg" 2>/dev/null)',
  '[ -n "$keys" ] || keys=$(ls /etc/ssh/ssh_host_*_key 2>/dev/null)',
  'for k in $keys; do [ -r "$k.pub" ] && cat "$k.pub"; done',
  'true',
].join('\n');

function blobsOf(lines: string): Set<string> {
  const out = new Set<string>();
  for (const l of lines.split('\n')) {
    const parts = l.trim().split(/\s+/);
    const i = parts.findIndex((p) => /^(ssh-|ecdsa-)/.test(p));
    if (i >= 0 && parts[i + 1]) out.add(`${parts[i]} ${parts[i + 1]}`);
  }
  return out;
}

export async function installMpiKeys(id: string, peers: readonly MpiPeer[], verifiedHostKeys?: (ep: BenchEndpoint) => Promise<Set<string>>): Promise<MpiKeys> {
  if (!ID.test(id)) throw new RunnerError('config', `invalid MPI key id ${JSON.stringify(id)}`);
  if (peers.length === 0) throw new RunnerError('config', 'no endpoints');
  // Written as ssh_config lines below: one that is not a plain address or user could add a directive.
  for (const p of peers) {
    if (!HostAddress.safeParse(p.endpoint.address).success || !HostUser.safeParse(p.endpoint.user).success) {
      throw new RunnerError('config', `endpoint ${p.endpoint.name}: address or user is not a plain name; not writing it into an ssh_config`);
    }
  }
  const tag = `virtlab-mpi-${id}`;
  const homes = await Promise.all(peers.map((p) => remoteHome(p.endpoint)));
  const dirOf = (i: number) => `${homes[i]}/.virtlab/mpi/${id}`;
  const first = peers[0]!.endpoint;
  const pub = (await mustRun(first, shArgv(KEYGEN, dirOf(0), tag), 'generating the MPI key pair')).stdout.trim();
  const priv = (await mustRun(first, ['cat', `${dirOf(0)}/id_ed25519`], 'reading the MPI key pair')).stdout;

  // Each endpoint scans itself; the scanned key must be one the endpoint's sshd really has (verified session).
  const known: string[] = [];
  for (const p of peers) {
    const scanned = (await mustRun(p.endpoint, shArgv(SELF_SCAN, p.endpoint.address, String(p.port)), `ssh-keyscan on ${p.endpoint.name}`)).stdout;
    const own = verifiedHostKeys
      ? await verifiedHostKeys(p.endpoint)
      : blobsOf((await mustRun(p.endpoint, shArgv(SSHD_HOST_KEYS, String(p.port)), `reading the sshd host keys of ${p.endpoint.name}`)).stdout);
    const lines = scanned.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const good = lines.filter((l) => [...blobsOf(l)].some((b) => own.has(b)));
    if (good.length === 0) {
      throw new RunnerError(
        'refused',
        `the host key ${p.endpoint.name} answers with on ${p.endpoint.address}:${p.port} is none of its sshd's own keys: not distributing it`,
      );
    }
    known.push(...good);
  }
  const config = peers.map((p, i) =>
    [
      `Host ${p.endpoint.address}`,
      `  Port ${p.port}`,
      `  User ${p.endpoint.user}`,
      `  IdentityFile ${dirOf(i)}/id_ed25519`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${dirOf(i)}/known_hosts`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  ConnectTimeout 10',
    ].join('\n'),
  );
  const wrapper = new Map<string, string>();
  await Promise.all(
    peers.map(async (p, i) => {
      // Every endpoint gets the same identity lines, with its own paths.
      const cfg = config.map((c) => c.replace(/\/[^\s]*\/\.virtlab\/mpi\/[^/\s]+\//g, `${dirOf(i)}/`)).join('\n') + '\nHost *\n  StrictHostKeyChecking yes\n';
      const stdin = `${priv.trimEnd()}\n---\n${pub}\n---\n${known.join('\n')}\n---\n${cfg}\n`;
      await mustRun(p.endpoint, shArgv(INSTALL, dirOf(i), tag), `installing the MPI key on ${p.endpoint.name}`, { stdin });
      wrapper.set(p.endpoint.name, `${dirOf(i)}/ssh`);
    }),
  );
  return { id, wrapper, tag };
}

/** Checks every endpoint reaches every other with the installed key (BatchMode, strict host keys). */
export async function checkMpiKeys(keys: MpiKeys, peers: readonly MpiPeer[]): Promise<void> {
  for (const from of peers) {
    for (const to of peers) {
      const r = await mustRun(
        from.endpoint,
        [keys.wrapper.get(from.endpoint.name)!, to.endpoint.address, 'echo', 'ok=1'],
        `ssh from ${from.endpoint.name} to ${to.endpoint.name}`,
      );
      if (parseKeyValues(r.stdout).get('ok') !== '1')
        throw new RunnerError('remote', `passwordless ssh from ${from.endpoint.name} to ${to.endpoint.name} does not work`);
    }
  }
}

export async function removeMpiKeys(id: string, endpoints: readonly BenchEndpoint[]): Promise<void> {
  if (!ID.test(id)) throw new RunnerError('config', `invalid MPI key id ${JSON.stringify(id)}`);
  await Promise.all(
    endpoints.map(async (ep) => {
      const home = await remoteHome(ep);
      await mustRun(ep, shArgv(REMOVE, `${home}/.virtlab/mpi/${id}`, `virtlab-mpi-${id}`), `removing the MPI key from ${ep.name}`);
    }),
  );
}
