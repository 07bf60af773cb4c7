// The facts probe live on a lab host and its nested guest: one exec each, parsed facts that match the lab.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeFacts } from '../../../main/facts/probe.ts';
import type { SshPool } from '../../../main/ssh/pool.ts';
import { openLab, type Lab } from '../ssh/support/lab.ts';

let lab: Lab;
let pool: SshPool;
beforeAll(async () => {
  lab = await openLab();
  pool = lab.pool();
});
afterAll(() => pool.closeAll());

it('host and guest: own hostnames, same kernel, the guest named as a container by its PID 1', async () => {
  const guest = lab.inv.guests[0]!;
  const host = lab.inv.hosts.find((h) => h.name === guest.host)!;
  const [h, g] = await Promise.all([probeFacts(pool.host(lab.rootEndpoint(host))), probeFacts(pool.host(lab.rootEndpoint(guest)))]);
  expect(h.facts.hostname).toBe(host.hostname);
  expect(g.facts.hostname).toBe(guest.hostname);
  expect(g.facts.kernel).toBe(h.facts.kernel);
  expect(h.facts.cpu.logicalCpus).toBeGreaterThanOrEqual(1);
  expect(h.facts.memoryBytes).toBeGreaterThan(0);
  expect(g.facts.virtualization.kind).toBe('container');
  expect(g.facts.virtualization.container).toBe(lab.inv.containerEnv);
  expect(h.facts.mpi.implementation).not.toBeNull();
  expect(h.facts.compilers.gfortran).toMatch(/GNU Fortran/);
});
