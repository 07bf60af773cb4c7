// Exclusive endpoints: pairs and MPI sets never overlap, machine scope covers guests on a busy host, dead endpoints.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ResourcePool, simulateSchedule, type ResourceModel } from '../../../main/campaigns/resources.ts';

const model = (lockScope: 'endpoint' | 'machine', allowShared = false): ResourceModel => ({
  platforms: new Map([
    ['native', ['h1', 'h2', 'h3', 'h4'].map((host) => ({ host, machine: host }))],
    ['container', ['g1', 'g2', 'g3', 'g4'].map((host) => ({ host, machine: host.replace('g', 'h') }))],
  ]),
  lockScope,
  allowShared,
});

describe('ResourcePool', () => {
  it('gives a netperf pair two endpoints and refuses what is held', () => {
    const p = new ResourcePool(model('endpoint'));
    const a = p.acquire({ platform: 'native', endpointsNeeded: 2 })!;
    expect(a.map((e) => e.host)).toEqual(['h1', 'h2']);
    const b = p.acquire({ platform: 'native', endpointsNeeded: 4 });
    expect(b).toBeUndefined();
    const c = p.acquire({ platform: 'native', endpointsNeeded: 2 })!;
    expect(c.map((e) => e.host)).toEqual(['h3', 'h4']);
    p.release(a);
    expect(p.acquire({ platform: 'native', endpointsNeeded: 1 })!.map((e) => e.host)).toEqual(['h1']);
  });

  it('under machine scope a guest waits for its busy host', () => {
    const p = new ResourcePool(model('machine'));
    p.acquire({ platform: 'native', endpointsNeeded: 3 });
    expect(p.acquire({ platform: 'container', endpointsNeeded: 1 })!.map((e) => e.host)).toEqual(['g4']);
    expect(p.acquire({ platform: 'container', endpointsNeeded: 1 })).toBeUndefined();
    const q = new ResourcePool(model('endpoint'));
    q.acquire({ platform: 'native', endpointsNeeded: 4 });
    expect(q.acquire({ platform: 'container', endpointsNeeded: 4 })).toBeDefined();
  });

  it('shares when allowed, and avoids dead endpoints', () => {
    const p = new ResourcePool(model('endpoint', true));
    expect(p.acquire({ platform: 'native', endpointsNeeded: 4 })).toBeDefined();
    expect(p.acquire({ platform: 'native', endpointsNeeded: 4 })).toBeDefined();
    const d = new ResourcePool(model('endpoint'));
    d.markDead('h2');
    expect(d.satisfiable({ platform: 'native', endpointsNeeded: 4 })).toBe(false);
    expect(d.acquire({ platform: 'native', endpointsNeeded: 3 })!.map((e) => e.host)).toEqual(['h1', 'h3', 'h4']);
  });

  it('never lets two holders overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ release: fc.boolean(), platform: fc.constantFrom('native', 'container'), n: fc.integer({ min: 1, max: 4 }) }), { maxLength: 60 }),
        (ops) => {
          const p = new ResourcePool(model('machine'));
          const held: { machines: string[]; eps: ReturnType<ResourcePool['acquire']> }[] = [];
          for (const op of ops) {
            if (op.release && held.length) {
              const h = held.shift()!;
              p.release(h.eps!);
              continue;
            }
            const eps = p.acquire({ platform: op.platform, endpointsNeeded: op.n });
            if (!eps) continue;
            const machines = eps.map((e) => e.machine);
            expect(new Set(machines).size).toBe(machines.length);
            for (const h of held) for (const m of machines) expect(h.machines).not.toContain(m);
            held.push({ machines, eps });
          }
        },
      ),
    );
  });

  it('simulates a schedule: parallel where endpoints allow', () => {
    const runs = Array.from({ length: 4 }, () => ({ platform: 'native', endpointsNeeded: 1, durationSec: 10 }));
    expect(simulateSchedule(runs, model('endpoint'), 4)).toBe(10);
    expect(simulateSchedule(runs, model('endpoint'), 1)).toBe(40);
    expect(simulateSchedule([{ platform: 'native', endpointsNeeded: 4, durationSec: 5 }, ...runs], model('endpoint'), 8)).toBe(15);
  });

  it('gives the same estimate as a plain greedy in-order scan with backfill (property)', () => {
    const run = fc.record({
      platform: fc.constantFrom('native', 'container', 'nowhere'),
      endpointsNeeded: fc.integer({ min: 1, max: 5 }),
      durationSec: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(run, { maxLength: 80 }),
        fc.constantFrom<'endpoint' | 'machine'>('endpoint', 'machine'),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        (runs, scope, shared, par) => {
          expect(simulateSchedule(runs, model(scope, shared), par)).toBe(referenceSchedule(runs, model(scope, shared), par));
        },
      ),
    );
  });

  it('plans in near-linear work: acquisitions tried grow with the runs, not with their square', () => {
    // 2,000 single-endpoint runs on one endpoint: a rescan of the queue after every completion tries ~2 million.
    const one: ResourceModel = { platforms: new Map([['native', [{ host: 'h1', machine: 'h1' }]]]), lockScope: 'endpoint', allowShared: false };
    const runs = Array.from({ length: 2000 }, () => ({ platform: 'native', endpointsNeeded: 1, durationSec: 1 }));
    const spy = vi.spyOn(ResourcePool.prototype, 'acquire');
    try {
      expect(simulateSchedule(runs, one, 4)).toBe(2000);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2 * runs.length);
    } finally {
      spy.mockRestore();
    }
  });
});

/** The schedule as first written (rescans the whole queue after each completion): the reference the fast one must match. */
function referenceSchedule(runs: readonly { platform: string; endpointsNeeded: number; durationSec: number }[], m: ResourceModel, maxParallel: number): number {
  const pool = new ResourcePool(m);
  const queue = runs.filter((r) => pool.satisfiable(r));
  const running: { end: number; eps: NonNullable<ReturnType<ResourcePool['acquire']>> }[] = [];
  let t = 0;
  while (queue.length > 0 || running.length > 0) {
    for (let i = 0; i < queue.length && running.length < maxParallel;) {
      const eps = pool.acquire(queue[i]!);
      if (eps) {
        running.push({ end: t + queue[i]!.durationSec, eps });
        queue.splice(i, 1);
      } else i++;
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end);
    const done = running.shift()!;
    t = done.end;
    pool.release(done.eps);
  }
  return t;
}
