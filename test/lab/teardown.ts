// Removing hosts (and their guests) by what the state recorded, plus a sweep of lab-prefixed namespaces.
import { run, tryRun } from './exec.ts';
import * as C from './config.ts';
import type { LabConfig } from './config.ts';
import { stopGuest } from './guest.ts';
import { listLabNetns, removeNetwork } from './net.ts';
import { stopPid } from './pids.ts';
import type { LabState } from './state.ts';
import { slurmDown } from './slurm.ts';
import { restoreNeighbourRoom } from './neighbours.ts';

async function netnsPids(ns: string): Promise<number[]> {
  const res = await tryRun('ip', ['netns', 'pids', ns]);
  return res ? res.stdout.split('\n').filter(Boolean).map(Number) : [];
}

/** Stops every process of host i and its guest (recorded pids, then whatever still lives in their netns). */
export async function stopHostProcesses(c: LabConfig, s: LabState, i: number): Promise<void> {
  const host = C.hostName(c, i);
  const guest = C.guestName(c, i);
  await stopGuest(s.pids[guest] ?? {});
  await stopPid(s.pids[guest]?.slirp);
  await stopPid(s.pids[host]?.sshd);
  const leftovers = [...(await netnsPids(host)), ...(await netnsPids(guest))];
  await Promise.all(leftovers.map((p) => stopPid(p)));
  delete s.pids[host];
  delete s.pids[guest];
  delete s.guestNetwork[host];
  if (s.shaped) {
    delete s.shaped[host];
    delete s.shaped[guest];
  }
}

export async function removeHosts(c: LabConfig, s: LabState, indexes: number[]): Promise<void> {
  if (indexes.length === 0) return;
  await Promise.all(indexes.map((i) => stopHostProcesses(c, s, i)));
  const names = indexes.flatMap((i) => [C.guestName(c, i), C.hostName(c, i)]);
  await removeNetwork(c, names, indexes, false);
  s.hosts = s.hosts.filter((i) => !indexes.includes(i));
}

/** Everything the lab made, gone: processes, namespaces, veths, bridge, routes. */
export async function removeAll(c: LabConfig, s: LabState | undefined): Promise<void> {
  const state: LabState = s ?? { config: c, options: { hosts: 0, shape: {}, userspaceNet: [] }, hosts: [], guestNetwork: {}, pids: {}, passwords: {} };
  const indexes = new Set(state.hosts);
  for (const ns of await listLabNetns(c)) {
    const m = new RegExp(`^${c.prefix}-h(\\d+)(-g)?$`).exec(ns);
    if (m) indexes.add(Number(m[1]));
  }
  const all = [...indexes];
  await slurmDown(c); // its munged lives in the root namespace, not in a host's
  await Promise.all(all.map((i) => stopHostProcesses(c, state, i)));
  const names = [...new Set([...all.flatMap((i) => [C.guestName(c, i), C.hostName(c, i)]), ...(await listLabNetns(c))])];
  await removeNetwork(c, names, all, true);
  const left = await listLabNetns(c);
  if (left.length) throw new Error(`lab namespaces still present after down: ${left.join(', ')}`);
  if (await tryRun('ip', ['link', 'show', C.bridgeName(c)])) await run('ip', ['link', 'del', C.bridgeName(c)]);
  restoreNeighbourRoom(state.neighbours);
}
