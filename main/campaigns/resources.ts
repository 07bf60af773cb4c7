// Exclusive endpoints: a run holds the endpoints it uses (or their whole machines) until it ends, so no two runs
// disturb each other unless the scenario allows sharing. A small allocator, not a cluster scheduler.

export interface EndpointRef {
  /** Host record name of the endpoint. */
  host: string;
  /** The physical machine: the host itself, or the host a guest runs on. */
  machine: string;
}

export interface ResourceModel {
  /** Platform name -> its endpoints in rank order. */
  platforms: ReadonlyMap<string, readonly EndpointRef[]>;
  lockScope: 'endpoint' | 'machine';
  allowShared: boolean;
}

export interface Demand {
  platform: string;
  endpointsNeeded: number;
  /** Endpoints this demand must not get (its benchmark could not be installed there). */
  avoid?: ReadonlySet<string>;
}

export class ResourcePool {
  private readonly held = new Map<string, number>();
  private readonly dead = new Set<string>();

  constructor(private readonly model: ResourceModel) {}

  private keyOf(e: EndpointRef): string {
    return this.model.lockScope === 'machine' ? `m:${e.machine}` : `e:${e.host}`;
  }

  /** Marks an endpoint as unusable (it stopped answering): later demands avoid it. */
  markDead(host: string): void {
    this.dead.add(host);
  }
  isDead(host: string): boolean {
    return this.dead.has(host);
  }

  /** Endpoints of the platform not known dead. */
  usable(platform: string, avoid?: ReadonlySet<string>): EndpointRef[] {
    return (this.model.platforms.get(platform) ?? []).filter((e) => !this.dead.has(e.host) && !avoid?.has(e.host));
  }

  /** Whether the demand could ever be met (enough live endpoints), regardless of what is held now. */
  satisfiable(d: Demand): boolean {
    const eps = this.usable(d.platform, d.avoid);
    if (this.model.allowShared || this.model.lockScope === 'endpoint') return eps.length >= d.endpointsNeeded;
    // Under machine scope, two endpoints on one machine cannot be held by one run twice; count distinct machines.
    return new Set(eps.map((e) => e.machine)).size >= d.endpointsNeeded;
  }

  /** Takes endpoints for the demand, lowest ranks first, or returns undefined if they are not free now. */
  acquire(d: Demand): EndpointRef[] | undefined {
    const chosen: EndpointRef[] = [];
    const keys = new Set<string>();
    for (const e of this.usable(d.platform, d.avoid)) {
      if (chosen.length === d.endpointsNeeded) break;
      const k = this.keyOf(e);
      if (keys.has(k)) continue;
      if (!this.model.allowShared && (this.held.get(k) ?? 0) > 0) continue;
      chosen.push(e);
      keys.add(k);
    }
    if (chosen.length < d.endpointsNeeded) return undefined;
    for (const k of keys) this.held.set(k, (this.held.get(k) ?? 0) + 1);
    return chosen;
  }

  /** Takes exactly these endpoints (a run reattached after a restart keeps the ones it had). */
  acquireExact(endpoints: readonly EndpointRef[]): void {
    for (const k of new Set(endpoints.map((e) => this.keyOf(e)))) this.held.set(k, (this.held.get(k) ?? 0) + 1);
  }

  release(endpoints: readonly EndpointRef[]): void {
    for (const k of new Set(endpoints.map((e) => this.keyOf(e)))) {
      const n = (this.held.get(k) ?? 0) - 1;
      if (n <= 0) this.held.delete(k);
      else this.held.set(k, n);
    }
  }

  get heldCount(): number {
    return this.held.size;
  }
}

/** Simulated wall time of a list of runs on the model (greedy, in order, backfilling): the plan's parallel estimate.
 * Runs with the same platform and endpoint count are interchangeable for the pool, and nothing is released while a
 * pass starts runs, so once one of them cannot start, none of its later siblings can in that pass: each pass only
 * tries the head of each such class, in queue order. O(n log n) for n runs (the old full rescan was quadratic). */
export function simulateSchedule(runs: readonly (Demand & { durationSec: number })[], model: ResourceModel, maxParallel: number): number {
  const pool = new ResourcePool(model);
  const classes = new Map<string, { runs: (Demand & { durationSec: number })[]; next: number; order: number[] }>();
  runs.forEach((r, i) => {
    if (!pool.satisfiable(r)) return;
    const key = `${r.endpointsNeeded}\u0000${r.platform}`;
    let c = classes.get(key);
    if (!c) classes.set(key, (c = { runs: [], next: 0, order: [] }));
    c.runs.push(r);
    c.order.push(i);
  });
  const lists = [...classes.values()];
  // Running runs by end time, ties by start order (what a stable sort of the old array gave).
  const running = new MinHeap<{ end: number; seq: number; eps: EndpointRef[] }>((a, b) => a.end - b.end || a.seq - b.seq);
  let seq = 0;
  let t = 0;
  for (;;) {
    const heads = new MinHeap<number>((a, b) => lists[a]!.order[lists[a]!.next]! - lists[b]!.order[lists[b]!.next]!);
    lists.forEach((c, ci) => {
      if (c.next < c.runs.length) heads.push(ci);
    });
    while (running.size < maxParallel && heads.size > 0) {
      const ci = heads.pop()!;
      const c = lists[ci]!;
      const r = c.runs[c.next]!;
      const eps = pool.acquire(r);
      if (!eps) continue; // this class is blocked until something is released
      running.push({ end: t + r.durationSec, seq: seq++, eps });
      c.next++;
      if (c.next < c.runs.length) heads.push(ci);
    }
    const done = running.pop();
    if (!done) break;
    t = done.end;
    pool.release(done.eps);
  }
  return t;
}

/** A binary min-heap: the schedule's running set and class heads without re-sorting. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
