// Room in the kernel's ARP table for a large lab. A real cluster node keeps its own neighbour table; here every lab
// namespace shares the one kernel table, whose hard limit (net.ipv4.neigh.default.gc_thresh3, 1024 by default) counts
// the entries of all namespaces together. An MPI all-to-all on n lab hosts makes every host learn every other one at
// once: about n*n entries, too recent (under 5 s) for the kernel's forced GC to evict. At 32 hosts that passed 1024:
// the kernel logged "neighbour: arp_cache: neighbor table overflow!", Open MPI's TCP connects between some ranks
// failed with EAGAIN ("Open MPI failed to TCP connect to a peer MPI process") and NPB IS hung until its time limit.
// So the lab raises the limits (machine-wide, only writable from the root namespace) for an instance that needs more
// than the default leaves, records what it found in the instance's state, and puts it back when the instance goes down
// (unless something else changed the value meanwhile).
import { readFileSync, writeFileSync } from 'node:fs';

const SYSCTL = '/proc/sys/net/ipv4/neigh/default';

export interface NeighbourLimits {
  gc_thresh2: number;
  gc_thresh3: number;
}

/** What the lab changed: the values it found, and the values it wrote. */
export interface NeighbourChange {
  previous: NeighbourLimits;
  set: NeighbourLimits;
}

/** Entries an all-to-all among `hosts` lab hosts can hold at once: each host's peers, its guest and the bridge, and the
 * root namespace's entry for every host and guest. */
export const neighbourNeed = (hosts: number): number => hosts * (hosts + 4);

/** Limits with twice the lab's need plus the default's room for the machine's other users; undefined when the current
 * limits already leave the need room (small instances change nothing). Twice: with the need itself (5376 for 64
 * hosts) the kernel still logged an overflow when NPB IS started on 64 nodes, and one rank's connect failed. */
export function limitsFor(hosts: number, current: NeighbourLimits): NeighbourLimits | undefined {
  const need = neighbourNeed(hosts);
  if (current.gc_thresh3 >= need + 512) return undefined;
  return { gc_thresh2: Math.max(current.gc_thresh2, 2 * need + 512), gc_thresh3: Math.max(current.gc_thresh3, 2 * need + 1024) };
}

const readLimit = (name: keyof NeighbourLimits): number => Number(readFileSync(`${SYSCTL}/${name}`, 'utf8').trim());

export const readLimits = (): NeighbourLimits => ({ gc_thresh2: readLimit('gc_thresh2'), gc_thresh3: readLimit('gc_thresh3') });

// thresh2 <= thresh3 must hold after each write: raise thresh3 first, lower it last.
function writeLimits(to: NeighbourLimits, raising: boolean): void {
  const order: (keyof NeighbourLimits)[] = raising ? ['gc_thresh3', 'gc_thresh2'] : ['gc_thresh2', 'gc_thresh3'];
  for (const k of order) writeFileSync(`${SYSCTL}/${k}`, `${to[k]}\n`);
}

/** Raises the limits when `hosts` need it; returns the change to record (or the earlier one, still in effect). */
export function ensureNeighbourRoom(hosts: number, recorded: NeighbourChange | undefined): NeighbourChange | undefined {
  const current = readLimits();
  const want = limitsFor(hosts, current);
  if (!want) return recorded;
  writeLimits(want, true);
  return { previous: recorded?.previous ?? current, set: want };
}

/** Puts back what the lab found, when the limits are still the ones it wrote. */
export function restoreNeighbourRoom(change: NeighbourChange | undefined): void {
  if (!change) return;
  const current = readLimits();
  if (current.gc_thresh2 !== change.set.gc_thresh2 || current.gc_thresh3 !== change.set.gc_thresh3) return;
  writeLimits(change.previous, false);
}
