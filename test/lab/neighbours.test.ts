// The ARP table room a lab instance asks for: none for the small instances most tests use, enough for an all-to-all
// on 32 and 64 hosts (where the kernel's default 1024 overflowed), never lowering what the machine already has.
import { describe, expect, it } from 'vitest';
import { limitsFor, neighbourNeed } from './neighbours.ts';

const DEFAULT = { gc_thresh2: 512, gc_thresh3: 1024 };

describe('lab neighbour table room', () => {
  it('leaves the kernel default alone up to 16 hosts', () => {
    for (const hosts of [1, 2, 4, 8, 16]) expect(limitsFor(hosts, DEFAULT), String(hosts)).toBeUndefined();
  });
  it('raises the limits above an all-to-all for 32 and 64 hosts, with the default room left for the rest', () => {
    for (const hosts of [32, 64]) {
      const want = limitsFor(hosts, DEFAULT)!;
      expect(want.gc_thresh3).toBeGreaterThanOrEqual(2 * neighbourNeed(hosts) + DEFAULT.gc_thresh3);
      expect(want.gc_thresh2).toBeGreaterThan(2 * neighbourNeed(hosts));
      expect(want.gc_thresh2).toBeLessThan(want.gc_thresh3);
    }
    expect(neighbourNeed(64)).toBeGreaterThan(64 * 63);
  });
  it('never lowers a limit the machine already has, and asks nothing when it is already enough', () => {
    expect(limitsFor(64, { gc_thresh2: 100_000, gc_thresh3: 100_000 })).toBeUndefined();
    expect(limitsFor(64, { gc_thresh2: 20_000, gc_thresh3: 4096 })).toEqual({ gc_thresh2: 20_000, gc_thresh3: 2 * neighbourNeed(64) + 1024 });
  });
});
