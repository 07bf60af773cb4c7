// Two key rings (two campaigns, or two VirtLab instances) on the same node set get keys of their own: ids, tags and
// folders differ, so neither replaces nor removes the other's key; one ring keeps one id per node set.
import { describe, expect, it } from 'vitest';
import { MpiKeyRing } from '../../../../main/runner/mpi/key-ring.ts';

const port = () => 22;

describe('MpiKeyRing key ids', () => {
  it('differ between two rings for the same nodes, and stay the same within one ring', () => {
    const a = new MpiKeyRing(port);
    const b = new MpiKeyRing(port);
    const nodes = ['node1', 'node2'];
    expect(a.owner).not.toBe(b.owner);
    expect(a.keyId(nodes)).not.toBe(b.keyId(nodes));
    expect(a.keyId(nodes)).toBe(a.keyId(['node1', 'node2']));
    expect(a.keyId(nodes)).not.toBe(a.keyId(['node1', 'node3']));
  });

  it('are plain names a key folder and an authorized_keys tag can carry, none a prefix of another', () => {
    const ids = Array.from({ length: 50 }, () => new MpiKeyRing(port).keyId(['n1', 'n2']));
    for (const id of ids) expect(id).toMatch(/^vl-[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(50);
  });

  it('a ring given its owner derives the same ids (the owner is the only thing that sets rings apart)', () => {
    expect(new MpiKeyRing(port, 'abc').keyId(['n1', 'n2'])).toBe(new MpiKeyRing(port, 'abc').keyId(['n1', 'n2']));
  });

  it('a single node needs no key and removing from an empty ring leaves nothing', async () => {
    const ring = new MpiKeyRing(port);
    const one = { name: 'n1', address: '10.0.0.1', user: 'root', host: undefined as never };
    expect(await ring.forNodes([one], () => {})).toBeUndefined();
    expect(await ring.removeAll()).toEqual([]);
  });
});
