// up/down on a second, separate lab instance (prefix vt-, 10.214.0.0/16), so the shared lab stays up meanwhile.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './exec.ts';
import { isAlive, labDown, labUp, loadInventory } from './api.ts';
import type { LabConfig, LabInventory } from './api.ts';
import { repoRoot } from './config.ts';
import { ssh2Exec } from './ssh2-client.ts';
import { LAB_INSTANCES } from './instances.ts';

const config: LabConfig = LAB_INSTANCES.teardown;

const pidsOf = (inv: LabInventory) => [
  ...inv.hosts.map((h) => h.pids.sshd),
  ...inv.guests.flatMap((g) => [g.pids.sshd, g.pids.init, g.pids.unshare, ...(g.pids.slirp ? [g.pids.slirp] : [])]),
];

describe('lab up is idempotent and lab down leaves nothing behind', () => {
  it('converges: same N keeps every process, larger N adds, smaller N removes', async () => {
    const t0 = performance.now();
    const first = await labUp({ hosts: 2, config });
    const upMs = performance.now() - t0;
    const again = await labUp({ hosts: 2, config });
    expect(pidsOf(again)).toEqual(pidsOf(first));
    const bigger = await labUp({ hosts: 3, config });
    expect(bigger.hosts.map((h) => h.name)).toEqual(['vt-h01', 'vt-h02', 'vt-h03']);
    expect(pidsOf(bigger).slice(0, 2)).toEqual(pidsOf(first).slice(0, 2));
    // The known_hosts every endpoint holds now lists the new guest: h01 can reach it with checking on.
    const viaH01 = await ssh2Exec(bigger, bigger.hosts[0]!, `ssh -o StrictHostKeyChecking=yes -o BatchMode=yes ${bigger.guests[2]!.address} hostname`);
    expect(viaH01.stdout.trim()).toBe('vt-h03-g');
    const smaller = await labUp({ hosts: 1, config });
    expect(smaller.guests).toHaveLength(1);
    expect(isAlive(bigger.hosts[2]!.pids.sshd)).toBe(false);
    console.log(`[lab] separate instance: 2 hosts + 2 guests up in ${Math.round(upMs)} ms`);
  });

  it("builds a slirp4netns guest reachable through its host's forwarded ports", async () => {
    const inv = await labUp({ hosts: 2, config, userspaceNet: [{ host: 'h02', forwards: [{ proto: 'tcp', hostPort: 12865, guestPort: 12865 }] }] });
    const g = inv.guests[1]!;
    expect(g).toMatchObject({ network: 'slirp4netns', address: inv.hosts[1]!.address, port: 2222, innerAddress: '10.0.2.100' });
    expect(g.forwards).toEqual([
      { proto: 'tcp', hostPort: 2222, guestPort: 22 },
      { proto: 'tcp', hostPort: 12865, guestPort: 12865 },
    ]);
    expect((await ssh2Exec(inv, g, 'hostname; ip route')).stdout).toMatch(/^vt-h02-g\n[\s\S]*10\.214\.0\.0\/16 via 10\.0\.2\.2/);
    expect((await ssh2Exec(inv, g, 'ip route show default')).stdout.trim()).toBe('');
    const fromH01 = await ssh2Exec(inv, inv.hosts[0]!, `ssh -o StrictHostKeyChecking=yes -o BatchMode=yes -p 2222 ${g.address} hostname`);
    expect(fromH01.stdout.trim()).toBe('vt-h02-g');
    const toGuest1 = await ssh2Exec(inv, g, `ssh -o StrictHostKeyChecking=yes -o BatchMode=yes ${inv.guests[0]!.address} hostname`);
    expect(toGuest1.stdout.trim()).toBe('vt-h01-g');
  });

  it('labDown removes namespaces, links, bridge, routes and processes of that lab only', async () => {
    const inv = loadInventory(config);
    const pids = pidsOf(inv);
    const mainBefore = (await run('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith('vl-')).length;
    const t0 = performance.now();
    await labDown(config);
    console.log(`[lab] separate instance down in ${Math.round(performance.now() - t0)} ms`);
    const netns = (await run('ip', ['netns', 'list'])).stdout;
    expect(netns).not.toMatch(/^vt-/m);
    const links = (await run('ip', ['-o', 'link'])).stdout;
    expect(links).not.toMatch(/: vt/);
    expect((await run('ip', ['route'])).stdout).not.toContain('10.214.');
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(() => loadInventory(config)).toThrow(/no lab inventory/);
    // The shared lab is untouched.
    const mainAfter = (await run('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith('vl-')).length;
    expect(mainAfter).toBe(mainBefore);
    await labDown(config);
  });

  it('refuses clearly when not root', async () => {
    const cli = resolve(repoRoot, 'test', 'lab', 'cli.ts');
    const err = await run('setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      resolve(repoRoot, 'bin', 'run-ts.mjs'),
      cli,
      'up',
      '1',
    ]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/needs root/);
  });
});
