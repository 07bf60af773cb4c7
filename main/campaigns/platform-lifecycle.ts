// A campaign's platforms through their providers (main/platforms/): checked and prepared before a platform's first
// run (once per executor), health-checked, and torn down from the resource ledger at the end, on cancel and on a
// resume that finds the campaign over. A resume of a running campaign finds the ledger of the process before it: guests
// that still answer are kept (runs inside them are reattached), otherwise that ledger is torn down and the platform
// prepared again. Which provider a platform has is data; nothing here knows any by name.
import type { Repos } from '../store/repos/index.ts';
import type { StoredHost } from '../store/repos/hosts.ts';
import { providerOf } from '../lab-model/platforms.ts';
import { providerNamed } from '../platforms/registry.ts';
import type { AnyPlatformProvider, HostShell, Ledger, LedgerEntry, PrepareContext } from '../platforms/provider.ts';

/** Runs argv on a stored host over the driver's verified SSH session. */
export type HostRunner = (host: StoredHost) => HostShell['run'];

/** A platform that cannot be used: every problem, before any of its runs starts. */
export class PlatformNotReady extends Error {
  constructor(
    readonly platform: string,
    readonly problems: readonly string[],
  ) {
    super(`platform ${platform} is not ready: ${problems.join('; ')}`);
    this.name = 'PlatformNotReady';
  }
}

export interface PlatformLifecycle {
  /** Checks and prepares the platform (the first call does the work, later ones wait for it); throws PlatformNotReady. */
  ready(platform: string, say: (line: string) => void): Promise<void>;
  /** Removes everything the ledger lists for the campaign (all platforms); returns what could not be removed. */
  teardown(say: (line: string) => void): Promise<string[]>;
  /** Stops the preparations under way (a cancel or a stop during a VM's boot): they make nothing more and fail. */
  stop(): void;
}

export function ledgerOf(repos: Repos, campaignId: number, platform: string): Ledger {
  const r = repos.platformResources;
  return {
    intend: (host, kind, handle, detail) => r.intend({ campaignId, platform, host, kind, handle, ...(detail ? { detail } : {}) }),
    created: (id) => r.setState(id, 'created'),
    removed: (id) => r.setState(id, 'removed'),
    open: () => r.open(campaignId, platform),
  };
}

interface Resolved {
  provider: AnyPlatformProvider;
  /** The provider's name as the platform stores it. */
  providerName: string;
  settings: Record<string, unknown>;
  hosts: StoredHost[];
}

/** A provider by name: the registry's, or a test's own list. */
export type ProviderLookup = (name: string) => AnyPlatformProvider | undefined;

export function resolvePlatform(repos: Repos, name: string, providers: ProviderLookup = providerNamed): Resolved {
  const p = repos.platforms.findByName(name);
  if (!p) throw new PlatformNotReady(name, ['no such platform']);
  const provider = providers(providerOf(p));
  if (!provider) throw new PlatformNotReady(name, [`its provider "${providerOf(p)}" is not available in this VirtLab`]);
  const byId = new Map(repos.hosts.list().map((h) => [h.id, h]));
  const hosts = repos.platforms
    .listEndpoints(p.id)
    .map((e) => byId.get(e.hostId))
    .filter((h): h is StoredHost => !!h);
  return { provider, providerName: providerOf(p), settings: p.settings, hosts };
}

const shellsOf = (hosts: readonly StoredHost[], runner: HostRunner): HostShell[] =>
  hosts.map((h, ordinal) => ({ name: h.name, address: h.address, ordinal, run: runner(h) }));

/** Every problem with the named platforms on their hosts now (runtime, image, network mode, limits, ports), and MPI
 * runs planned on a platform whose provider cannot run ranks (`mpiOn`: the platforms with MPI runs). */
export async function checkPlatforms(
  repos: Repos,
  names: readonly string[],
  runner: HostRunner | undefined,
  providers: ProviderLookup = providerNamed,
  mpiOn: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const problems: string[] = [];
  for (const name of names) {
    let r: Resolved;
    try {
      r = resolvePlatform(repos, name, providers);
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    const mpi = r.provider.mpi(r.settings);
    if (mpiOn.has(name) && mpi.kind === 'unsupported') problems.push(`platform ${name}: its MPI runs cannot run there: ${mpi.why}`);
    if (!r.provider.estimatePrepare(r.settings, r.hosts.length)) continue;
    if (!runner) {
      problems.push(`platform ${name}: this driver cannot reach hosts to prepare ${r.provider.describe.title}`);
      continue;
    }
    for (const p of await r.provider.check(r.settings, shellsOf(r.hosts, runner))) problems.push(`platform ${name}: ${p}`);
  }
  return problems;
}

export function createPlatformLifecycle(deps: { repos: Repos; campaignId: number; runner?: HostRunner; providers?: ProviderLookup }): PlatformLifecycle {
  const { repos, campaignId, runner } = deps;
  const providers = deps.providers ?? providerNamed;
  const readying = new Map<string, Promise<void>>();
  /** Preparations under way: a teardown (a cancel) stops them first, so nothing is made after it. */
  const preparing = new Set<AbortController>();

  async function prepare(name: string, say: (line: string) => void): Promise<void> {
    const r = resolvePlatform(repos, name, providers);
    const estimate = r.provider.estimatePrepare(r.settings, r.hosts.length);
    if (!estimate) return; // nothing to make: the endpoints are used as they are
    if (!runner) throw new PlatformNotReady(name, [`this driver cannot reach hosts to prepare ${r.provider.describe.title}`]);
    const abort = new AbortController();
    const ctx: PrepareContext<Record<string, unknown>> = {
      campaignId,
      platform: name,
      settings: r.settings,
      hosts: shellsOf(r.hosts, runner),
      ledger: ledgerOf(repos, campaignId, name),
      say,
      signal: abort.signal,
    };
    const before = ctx.ledger.open();
    if (before.length) {
      // Made by an earlier process of this campaign (a crash, a stop, a pause): keep it if every guest answers, so runs
      // still going inside are reattached; otherwise remove all of it (its state is unknown) and prepare again.
      const unhealthy = await r.provider.health(ctx);
      if (unhealthy.length === 0) {
        say(`platform ${name}: its guests from before the restart answer; kept`);
        return;
      }
      say(`platform ${name}: removing what an earlier process left (${unhealthy.join('; ')})`);
      const hosts = new Map(ctx.hosts.map((h) => [h.name, h]));
      const left = await r.provider.teardown([...before].reverse(), { hostOf: (h) => hosts.get(h), ledger: ctx.ledger, say });
      if (left.length)
        throw new PlatformNotReady(
          name,
          left.map((l) => `left from before the restart: ${l}`),
        );
    }
    const problems = await r.provider.check(r.settings, ctx.hosts);
    if (problems.length) throw new PlatformNotReady(name, problems);
    say(`platform ${name}: ${estimate.what} (about ${Math.round(estimate.sec)} s)`);
    const started = Date.now();
    // A failed preparation is the platform's problem, not a run's: no run of it can start until it is fixed.
    preparing.add(abort);
    try {
      await r.provider.prepare(ctx);
    } catch (e) {
      throw new PlatformNotReady(name, [(e as Error).message]);
    } finally {
      preparing.delete(abort);
    }
    const unhealthy = await r.provider.health(ctx);
    if (unhealthy.length) throw new PlatformNotReady(name, unhealthy);
    const seconds = (Date.now() - started) / 1000;
    say(`platform ${name}: ready in ${seconds.toFixed(1)} s`);
    // The next plan of this platform estimates its preparation from how long it took (main/scenarios/history.ts).
    repos.platformPreparations.record({ campaignId, platform: name, provider: r.providerName, settings: r.settings, hostCount: r.hosts.length, seconds });
  }

  return {
    ready(name, say) {
      let p = readying.get(name);
      if (!p) {
        p = prepare(name, say);
        readying.set(name, p);
        // A failure is not remembered: a resume (or the next run after the problem is fixed) tries again.
        p.catch(() => readying.delete(name));
      }
      return p;
    },

    stop() {
      for (const a of preparing) a.abort();
    },

    async teardown(say) {
      // A preparation under way stops and settles first: what it made is then all in the ledger, and nothing after it.
      for (const a of preparing) a.abort();
      await Promise.allSettled([...readying.values()]);
      const open = repos.platformResources.open(campaignId);
      if (open.length === 0) return [];
      const left: string[] = [];
      for (const name of [...new Set(open.map((e) => e.platform))]) {
        const entries: LedgerEntry[] = open.filter((e) => e.platform === name).reverse();
        let r: Resolved;
        try {
          r = resolvePlatform(repos, name, providers);
        } catch (e) {
          left.push(`${name}: ${(e as Error).message}`);
          continue;
        }
        if (!runner) {
          left.push(`${name}: this driver cannot reach hosts to remove ${entries.length} resource(s)`);
          continue;
        }
        const shells = new Map(shellsOf(r.hosts, runner).map((s) => [s.name, s]));
        const ledger = ledgerOf(repos, campaignId, name);
        try {
          for (const l of await r.provider.teardown(entries, { hostOf: (h) => shells.get(h), ledger, say })) left.push(`${name}: ${l}`);
        } catch (e) {
          left.push(`${name}: ${(e as Error).message}`);
        }
      }
      readying.clear();
      return left;
    },
  };
}
