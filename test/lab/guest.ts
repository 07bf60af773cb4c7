// A nested OS-level guest: a child of its host in new net/pid/mount/uts/ipc namespaces with a tiny init as PID 1.
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { run } from './exec.ts';
import { childrenOf, isAlive, stopPid, waitFor } from './pids.ts';

/** Value of `container=` in the guest's PID 1 environment; systemd-detect-virt reads it from /proc/1/environ. */
export const CONTAINER_ENV = 'virtlab-lab';

// PID 1 of the guest: set the hostname, apply bind mounts, signal readiness, then reap children until SIGTERM.
// dash's wait reaps any child, so orphans reparented to PID 1 do not linger as zombies.
const GUEST_INIT = [
  'hostname "$1"; ready="$2"; shift 2',
  'while [ $# -gt 1 ]; do mount --bind "$1" "$2" || exit 1; shift 2; done',
  "trap 'exit 0' TERM INT",
  ': > "$ready"',
  'while :; do sleep 86400 & wait $!; done',
].join('\n');

export interface GuestProcess {
  unsharePid: number;
  initPid: number;
}

export async function startGuestInit(hostNetns: string, name: string, dir: string, mounts: [string, string][]): Promise<GuestProcess> {
  const ready = resolve(dir, 'init.ready');
  rmSync(ready, { force: true });
  const log = openSync(resolve(dir, 'init.log'), 'a');
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      hostNetns,
      'unshare',
      '--net',
      '--pid',
      '--mount',
      '--uts',
      '--ipc',
      '--fork',
      '--mount-proc',
      '--propagation',
      'private',
      'sh',
      '-c',
      GUEST_INIT,
      'lab-guest-init',
      name,
      ready,
      ...mounts.flat(),
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: { container: CONTAINER_ENV, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    },
  );
  closeSync(log);
  child.unref();
  const unsharePid = child.pid;
  if (!unsharePid) throw new Error(`could not spawn guest ${name}`);
  const initPid = await waitFor(`guest ${name} init`, () => (existsSync(ready) ? childrenOf(unsharePid)[0] : undefined));
  return { unsharePid, initPid };
}

/** Gives the guest's anonymous network namespace a name so `ip -n` can configure it. */
export async function attachNetns(name: string, initPid: number): Promise<void> {
  await run('ip', ['netns', 'attach', name, String(initPid)]);
}

/** `unshare --fork` ignores SIGTERM: stop PID 1, whose exit kills everything in the guest. */
export async function stopGuest(p: { init?: number; unshare?: number }): Promise<void> {
  await stopPid(p.init);
  await stopPid(p.unshare);
}

export const guestAlive = (p: { init?: number }): boolean => isAlive(p.init);
