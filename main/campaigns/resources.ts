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
  markDead(host: string): void { this.dead.add(host); }
  isDead(host: string): boolean { return this.dead.has(host); }

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
      if (n <= 0) this.held.delete(k); else this.held.set(k, n);
    }
  }

  get heldCount(): number { return this.held.size; }
}

/** Simulated wall time of a list of runs on the model (greedy, in order, backfilling): the plan's parallel estimate. */
export function simulateSchedule(runs: readonly (Demand & { durationSec: number })[], model: ResourceModel, maxParallel: number): number {
  const pool = new ResourcePool(model);
  const queue = runs.filter((r) => pool.satisfiable(r));
  const running: { end: number; eps: EndpointRef[] }[] = [];
  let t = 0;
  while (queue.length > 0 || running.length > 0) {
    for (let i = 0; i < queue.length && running.length < maxParallel;) {
      const eps = pool.acquire(queue[i]!);
      if (eps) { running.push({ end: t + queue[i]!.durationSec, eps }); queue.splice(i, 1); } else i++;
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end);
    const done = running.shift()!;
    t = done.end;
    pool.release(done.eps);
  }
  return t;
}
