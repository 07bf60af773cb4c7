// Sees what really ran: polls the machine's shared process table (every lab namespace is in it) for processes
// with a given command name and records each one's argv, binary and network namespace while it lives, so a
// test can compare the remote argv a tool produced with the one a person would type.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { LabEndpointAny } from './inventory.ts';

export interface SeenProcess {
  /** pid in the machine's (root) pid namespace. */
  pid: number;
  /** pid inside the process's own pid namespace (a guest's), as the endpoint itself reports it. */
  nsPid: number;
  comm: string;
  /** /proc/PID/cmdline split at NULs. A program may rewrite its argv in place (netperf puts NULs over the
   *  commas of "-r 1,1" as it parses): compare with sameArgv, which allows exactly that. */
  argv: string[];
  cmdline: string;
  /** Resolved binary (/proc/PID/exe). */
  exe: string;
  /** Network namespace, as readlink /proc/PID/ns/net prints it (net:[inode]). */
  netns: string;
}

function read(pid: number, comms: ReadonlySet<string>): SeenProcess | undefined {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (!comms.has(comm)) return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const argv = cmdline.split('\0').slice(0, -1);
    const nsPids = /^NSpid:\s+(.*)$/m
      .exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
      ?.trim()
      .split(/\s+/) ?? [String(pid)];
    return { pid, nsPid: Number(nsPids.at(-1)), comm, argv, cmdline, exe: readlinkSync(`/proc/${pid}/exe`), netns: readlinkSync(`/proc/${pid}/ns/net`) };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** The network namespace an endpoint's processes live in (its sshd's, or its guest's PID 1's). */
export function endpointNetns(e: LabEndpointAny): string {
  return readlinkSync(`/proc/${e.kind === 'host' ? e.pids.sshd : e.pids.init}/ns/net`);
}

export interface ProcWatch {
  /** Every matching process seen so far, first sighting kept (pid reuse aside, argv does not change). */
  seen(): SeenProcess[];
  stop(): SeenProcess[];
}

/** Starts polling every `everyMs` for processes named in `comms`; call stop() to end it. */
export function watchProcesses(comms: string[], everyMs = 20): ProcWatch {
  const names = new Set(comms);
  const found = new Map<number, SeenProcess>();
  const poll = () => {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || found.has(pid)) continue;
      const p = read(pid, names);
      if (p && p.argv.length > 0) found.set(pid, p);
    }
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    seen: () => [...found.values()],
    stop: () => {
      clearInterval(timer);
      poll();
      return [...found.values()];
    },
  };
}

/** Whether pid is still a live process in `netns` (a zombie or a reused pid elsewhere does not count). */
export function liveIn(pid: number, netns: string): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X' && readlinkSync(`/proc/${pid}/ns/net`) === netns;
  } catch {
    return false;
  }
}

/** Whether a seen process was started with exactly `argv`: its cmdline bytes are argv's, except that a comma
 *  may read as a NUL (the program's own in-place parsing, e.g. netperf's break_args). */
export function sameArgv(p: SeenProcess, argv: string[]): boolean {
  const want = argv.join('\0') + '\0';
  if (p.cmdline.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) {
    if (p.cmdline[i] !== want[i] && !(want[i] === ',' && p.cmdline[i] === '\0')) return false;
  }
  return true;
}
