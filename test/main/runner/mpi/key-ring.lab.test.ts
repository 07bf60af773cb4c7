// Two MPI key rings on the same two lab hosts at once (two campaigns, or two VirtLab instances sharing hosts): each
// installs a key of its own, both log in between the hosts together, and one ring's removal leaves the other's key
// working (before, both named the key after the node set: one install replaced the other's key, and a shared
// temporary file could drop it, seen as "Permission denied (publickey)" in 2-node MPI runs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MpiKeyRing } from '../../../../main/runner/mpi/key-ring.ts';
import { checkMpiKeys } from '../../../../main/runner/mpi/keys.ts';
import { mustRun, type BenchEndpoint } from '../../../../main/runner/remote.ts';
import { execIn } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { labBench, type LabBench } from '../lab-bench.ts';

let lab: LabBench;
let hosts: BenchEndpoint[];

beforeAll(async () => {
  lab = await labBench(2, LAB_INSTANCES.mpiKeys);
  // Homes outlive `lab down`: start from no VirtLab key on this private instance.
  for (const h of lab.inv.hosts)
    await execIn(h, [
      'sh',
      '-c',
      'rm -rf /root/.virtlab/mpi; f=/root/.ssh/authorized_keys; grep -v virtlab-mpi- "$f" > "$f.t" || true; mv "$f.t" "$f"; chmod 600 "$f"',
    ]);
  hosts = await Promise.all(lab.inv.hosts.slice(0, 2).map((h) => lab.bench(h)));
}, 120_000);
afterAll(async () => {
  await lab?.close();
});

const authorized = async (ep: BenchEndpoint) => (await mustRun(ep, ['cat', '/root/.ssh/authorized_keys'], 'reading authorized_keys')).stdout;

describe('two MPI key rings on the same hosts', () => {
  it('each has its own key, both work at once, and removing one leaves the other working', async () => {
    const before = await Promise.all(hosts.map(authorized));
    const [a, b] = [new MpiKeyRing(() => 22), new MpiKeyRing(() => 22)];
    const peers = hosts.map((endpoint) => ({ endpoint, port: 22 }));
    // Three rounds of both installing at once (a fresh pair each round: the rings remove theirs in between).
    for (let round = 0; round < 3; round++) {
      const [ka, kb] = await Promise.all([a.forNodes(hosts, () => {}), b.forNodes(hosts, () => {})]);
      expect(ka!.id).not.toBe(kb!.id);
      await Promise.all([checkMpiKeys(ka!, peers), checkMpiKeys(kb!, peers)]);
      for (const ep of hosts) {
        const lines = (await authorized(ep)).split('\n');
        expect([ka!.tag, kb!.tag].map((t) => lines.filter((l) => l.includes(t)).length)).toEqual([1, 1]);
      }
      if (round < 2) expect([await a.removeAll(), await b.removeAll()]).toEqual([[], []]);
      else {
        // The last round: a goes, b's key still logs in between both hosts.
        expect(await a.removeAll()).toEqual([]);
        for (const ep of hosts) expect(await authorized(ep)).not.toContain(ka!.tag);
        await checkMpiKeys(kb!, peers);
        expect(await b.removeAll()).toEqual([]);
      }
    }
    // Every other line (the lab's own key) as it was, and no temporary file left beside it.
    expect(await Promise.all(hosts.map(authorized))).toEqual(before);
    for (const ep of hosts) expect((await mustRun(ep, ['ls', '-a', '/root/.ssh'], 'listing ~/.ssh')).stdout).not.toMatch(/authorized_keys\.virtlab\./);
  }, 180_000);
});
