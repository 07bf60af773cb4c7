// Rules that span several host records: unique names, jump hosts and guest parents that exist, no jump loops.
import type { HostRecord } from '../contract/hosts.ts';

export type HostLike = Pick<HostRecord, 'name' | 'jump' | 'guestOf'>;

/** Every problem with a set of hosts, as sentences; empty when the set is consistent. */
export function hostSetProblems(hosts: readonly HostLike[]): string[] {
  const problems: string[] = [];
  const byName = new Map<string, HostLike>();
  for (const h of hosts) {
    if (byName.has(h.name)) problems.push(`two hosts are named ${h.name}`);
    byName.set(h.name, h);
  }
  for (const h of hosts) {
    for (const j of h.jump) if (!byName.has(j)) problems.push(`${h.name} jumps through ${j}, which is not a known host`);
    if (h.guestOf !== undefined && !byName.has(h.guestOf)) problems.push(`${h.name} is a guest of ${h.guestOf}, which is not a known host`);
    if (h.guestOf === h.name) problems.push(`${h.name} cannot be a guest of itself`);
  }
  for (const h of hosts) {
    try {
      jumpChain(h.name, hosts);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return [...new Set(problems)];
}

/**
 * The full list of hops to reach a host, first hop first. A hop's own jump chain comes before it
 * (OpenSSH ProxyJump semantics when each hop is itself configured with ProxyJump).
 */
export function jumpChain(name: string, hosts: readonly HostLike[]): string[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const chain: string[] = [];
  const walk = (n: string, path: string[]): void => {
    const h = byName.get(n);
    if (!h) throw new Error(`unknown host ${n}`);
    for (const hop of h.jump) {
      if (path.includes(hop)) throw new Error(`jump loop: ${[...path, hop].join(' -> ')}`);
      walk(hop, [...path, hop]);
      if (!chain.includes(hop)) chain.push(hop);
    }
  };
  walk(name, [name]);
  return chain;
}
