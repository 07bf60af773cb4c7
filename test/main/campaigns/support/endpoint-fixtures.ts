// What fault tests do to and read from a lab endpoint, inside that endpoint's own mount namespace only (the machine's
// own mounts are never touched): commands put first on PATH, a small file system mounted over a folder, and what a
// campaign left behind (run folders, scratch folders, processes).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execIn, type LabEndpointAny } from '../../../lab/api.ts';
import { endpointNetns } from '../../../lab/proc-watch.ts';

/**
 * Folder shadowed on the endpoint: first on the PATH an SSH session gets (sshd's default
 * /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:...) and empty on this machine, so nothing else is hidden.
 */
const SHADOWED = '/usr/local/sbin';

/**
 * Puts `scripts` (name -> POSIX sh body) first on the endpoint's PATH: they are written to `dir` (a folder every
 * lab node sees, e.g. under the lab instance's state folder) and `dir` is bind-mounted over /usr/local/sbin in the
 * endpoint's mount namespace. A script calls the real tool by its full path (/usr/bin/...).
 */
export async function shadowCommands(e: LabEndpointAny, dir: string, scripts: Record<string, string>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  await execIn(e, ['mount', '--bind', dir, SHADOWED]);
}

/** Undoes shadowCommands (the endpoint's own mount only). */
export async function unshadowCommands(e: LabEndpointAny): Promise<void> {
  await execIn(e, ['umount', SHADOWED]);
}

/**
 * A shadowing script that logs each call (`<folder it ran in> <tool> <args>`, one line, appended atomically) to
 * `log`, then runs the real tool. A run's job runs in ~/.virtlab/runs/<remote run id>, so the first field of a
 * benchmark's line is the attempt that started it.
 */
export const loggingWrapper = (tool: string, log: string): string =>
  `printf '%s %s %s\\n' "$(basename "$PWD")" ${tool} "$*" >> '${log}'\nexec /usr/bin/${tool} "$@"`;

export interface Call {
  folder: string;
  tool: string;
  args: string;
}

export function readCalls(log: string): Call[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [folder = '', tool = '', ...rest] = l.split(' ');
      return { folder, tool, args: rest.join(' ') };
    });
}

/** Mounts a tmpfs of `size` (e.g. "2m") at `target` inside the endpoint's mount namespace (created if missing). */
export async function mountSmallFs(e: LabEndpointAny, target: string, size: string): Promise<void> {
  await execIn(e, ['sh', '-c', 'mkdir -p "$1" && mount -t tmpfs -o "size=$2,mode=0755" virtlab-fault "$1"', 'mount-small-fs', target, size]);
}

export async function unmountFs(e: LabEndpointAny, target: string): Promise<void> {
  await execIn(e, ['umount', target]);
}

/** Entries of ~/.virtlab/runs and ~/.virtlab/scratch on the endpoint (root's home is its node folder's home/). */
export function virtlabFolders(e: LabEndpointAny): string[] {
  const out: string[] = [];
  for (const sub of ['runs', 'scratch']) {
    const d = join(e.dir, 'home', '.virtlab', sub);
    if (existsSync(d)) for (const n of readdirSync(d)) out.push(`${e.name}:~/.virtlab/${sub}/${n}`);
  }
  return out;
}

/**
 * Processes in the endpoints' network namespaces other than the lab's own (each sshd listener, a guest's init and
 * the sleep it waits on) and the per-connection sshd processes of sessions still closing: what a run left running.
 */
export function strayProcesses(endpoints: readonly LabEndpointAny[]): string[] {
  const netns = new Map(endpoints.map((e) => [endpointNetns(e), e.name]));
  const own = new Set(endpoints.flatMap((e) => (e.kind === 'host' ? [e.pids.sshd] : [e.pids.sshd, e.pids.init])));
  const out: string[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const pid = Number(p);
    try {
      const ns = netns.get(readlinkSync(`/proc/${pid}/ns/net`));
      if (!ns || own.has(pid)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z' || f[0] === 'X') continue;
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const ppid = Number(f[1]);
      if (comm === 'sshd' && own.has(ppid)) continue; // a session's sshd, gone once its connection closes
      if (comm === 'sleep' && own.has(ppid)) continue; // a guest init's idle wait
      if (comm === 'nsenter' || comm === 'unshare') continue; // the lab's own launchers
      out.push(`${ns}: ${pid} ${comm} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
