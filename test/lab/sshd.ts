// Starting and stopping one sshd per host (in its netns + private mount/uts namespace) and per guest (nsenter).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { run } from './exec.ts';
import type { NodeDirs } from './nodes.ts';
import { sshdConfig } from './nodes.ts';
import { childrenOf, isAlive, stopPid, waitFor } from './pids.ts';

const SSHD = '/usr/sbin/sshd';

// Runs inside the host's namespaces: forwarding for its guest, its own hostname, its bind mounts, then sshd.
// Arguments are passed as positional parameters, never interpolated into the script.
const HOST_LAUNCH = [
  'set -e',
  'echo 1 > /proc/sys/net/ipv4/ip_forward',
  'hostname "$1"; cfg="$2"; log="$3"; shift 3',
  'while [ $# -gt 1 ]; do mount --bind "$1" "$2"; shift 2; done',
  `exec ${SSHD} -f "$cfg" -E "$log"`,
].join('\n');

function prepare(d: NodeDirs): void {
  // sshd's privilege-separation directory; the package normally creates it at boot.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  writeFileSync(d.sshdConfig, sshdConfig(d));
  rmSync(d.pidFile, { force: true });
}

/** Starts host sshd; it daemonizes after binding, so the listener is up when this resolves. Returns its pid. */
export async function startHostSshd(netns: string, hostname: string, d: NodeDirs, mounts: [string, string][]): Promise<number> {
  prepare(d);
  await run('ip', [
    'netns',
    'exec',
    netns,
    'unshare',
    '--mount',
    '--uts',
    '--propagation',
    'private',
    'sh',
    '-c',
    HOST_LAUNCH,
    'lab-host',
    hostname,
    d.sshdConfig,
    d.log,
    ...mounts.flat(),
  ]);
  return waitFor(`sshd pid file of ${hostname}`, () => {
    if (!existsSync(d.pidFile)) return undefined;
    const pid = Number(readFileSync(d.pidFile, 'utf8').trim());
    return pid > 0 && isAlive(pid) ? pid : undefined;
  });
}

/** Starts a guest's sshd inside its namespaces; the daemon is reparented to the guest's init. Returns its global pid. */
export async function startGuestSshd(initPid: number, d: NodeDirs): Promise<number> {
  prepare(d);
  const before = new Set(sshdChildren(initPid));
  await run('nsenter', ['-t', String(initPid), '-m', '-u', '-n', '-p', '-r', '-w', SSHD, '-f', d.sshdConfig, '-E', d.log]);
  return waitFor('guest sshd', () => sshdChildren(initPid).find((p) => !before.has(p) && isAlive(p)));
}

function sshdChildren(pid: number): number[] {
  return childrenOf(pid).filter((c) => {
    try {
      return readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'sshd';
    } catch {
      return false;
    }
  });
}

export async function stopSshd(pid: number | undefined): Promise<void> {
  await stopPid(pid);
}
