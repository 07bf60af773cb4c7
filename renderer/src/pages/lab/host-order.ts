// The Lab table's order: hosts by name, each followed by its guests.
import type { HostRecord } from '../../../../main/contract/hosts.ts';

/** Hosts first, each followed by its guests (the order the Lab table shows). */
export function hostsWithGuests(hosts: readonly HostRecord[]): HostRecord[] {
  const out: HostRecord[] = [];
  const names = new Set(hosts.map((h) => h.name));
  const byParent = new Map<string, HostRecord[]>();
  for (const h of hosts) if (h.guestOf && names.has(h.guestOf)) byParent.set(h.guestOf, [...(byParent.get(h.guestOf) ?? []), h]);
  for (const h of hosts) {
    if (h.guestOf && names.has(h.guestOf)) continue;
    out.push(h, ...(byParent.get(h.name) ?? []));
  }
  return out;
}
