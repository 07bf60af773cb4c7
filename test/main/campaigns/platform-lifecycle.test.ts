// The campaign owns its platforms' lifecycle: checked and prepared through the provider before the platform's first
// run (once), torn down from the resource ledger at the end, on cancel, and on a resume (kept when its guests still
// answer, removed and made again when they do not; removed when the campaign is already over). A bad platform pauses
// the campaign with every problem before any run starts. The executor, its store, the ledger and SQLite are real; the
// provider stands in for a runtime with a list of guests (what `podman ps -a` would show), the driver for the hosts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor, SET_ASIDE } from '../../../main/campaigns/executor.ts';
import { createPlatformLifecycle, type HostRunner } from '../../../main/campaigns/platform-lifecycle.ts';
import type { RunDriver } from '../../../main/campaigns/driver.ts';
import type { CampaignEmitter } from '../../../main/campaigns/events.ts';
import type { AnyPlatformProvider } from '../../../main/platforms/provider.ts';
import { describeProvider } from '../../../main/platforms/catalog.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const SCENARIO = `
name: lifecycle
platforms: [boxed]
baseline: boxed
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 3
maxParallel: 2
failure: { retries: 0 }
`;

/** A runtime on the hosts: its guests by name, and every call the provider got, in order. */
class FakeRuntime {
  guests = new Set<string>();
  calls: string[] = [];
  problems: string[] = [];
  /** Set: prepare makes host 1's guest, calls it, then waits (a VM booting) until its signal says stop. */
  slowPrepare?: () => void;

  provider(): AnyPlatformProvider {
    return {
      describe: { ...describeProvider('native')!, name: 'boxed', title: 'Boxes' },
      check: async () => {
        this.calls.push('check');
        return this.problems;
      },
      estimatePrepare: (_s, n) => ({ what: `${n} box(es)`, sec: 2 }),
      prepare: async (ctx) => {
        this.calls.push('prepare');
        for (const h of ctx.hosts) {
          const name = `box-${ctx.campaignId}-${h.ordinal}`;
          const e = ctx.ledger.intend(h.name, 'box', name);
          this.guests.add(name);
          ctx.ledger.created(e.id);
          if (this.slowPrepare) {
            this.slowPrepare();
            await new Promise((_, reject) => ctx.signal?.addEventListener('abort', () => reject(new Error(`boot on ${h.name} cancelled`))));
          }
        }
      },
      health: async (ctx) => {
        this.calls.push('health');
        return ctx.hosts.filter((h) => !this.guests.has(`box-${ctx.campaignId}-${h.ordinal}`)).map((h) => `${h.name}: no box`);
      },
      wrap: (_g, argv) => [...argv],
      reach: (g) => ({ address: g.host.address }),
      mpi: () => ({ kind: 'host' }),
      teardown: async (entries, ctx) => {
        this.calls.push(`teardown ${entries.map((e) => e.handle).join(',')}`);
        for (const e of entries) {
          this.guests.delete(e.handle);
          ctx.ledger.removed(e.id);
        }
        return [];
      },
    };
  }
}

/** Runs exit at once with one metric, or (hang) stay running until stopped. */
const driver = (log: string[], hang = false): RunDriver => ({
  install: async () => {
    log.push('install');
  },
  start: async () => {
    log.push('start');
    return undefined;
  },
  status: async () => (hang ? 'running' : 'exited'),
  collect: async () => ({ stdout: 'x=1', stderr: '', exitCode: 0 }),
  stop: async () => {
    log.push('stop');
  },
  parse: () => ({ ok: true, metrics: [{ name: 'x', point: '', value: 1, unit: '', better: 'higher' }] }),
});

const runner: HostRunner = () => async () => ({ code: 0, stdout: '', stderr: '' });

let db: Database;
let repos: Repos;
let runtime: FakeRuntime;
beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  repos = createRepos(db);
  runtime = new FakeRuntime();
  const platformId = repos.platforms.create({
    name: 'boxed',
    technology: 'os-level',
    product: 'Boxes',
    isBaseline: true,
    provider: 'boxed',
    settings: { image: 'box:1' },
  });
  ['node1', 'node2'].forEach((name, ordinal) => {
    const hostId = repos.hosts.save({ name, address: `192.0.2.${ordinal + 1}`, port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
    repos.platforms.addEndpoint({ platformId, hostId, ordinal });
  });
});
afterEach(() => db.close());

function executor(campaignId: number, d: RunDriver, lines: string[] = []): CampaignExecutor {
  const provider = runtime.provider();
  const platforms = createPlatformLifecycle({ repos, campaignId, runner, providers: (n) => (n === 'boxed' ? provider : undefined) });
  const emitter: CampaignEmitter = {
    emit: (event, payload) => {
      if (event === 'campaigns.log') lines.push((payload as { line: string }).line);
    },
  };
  return new CampaignExecutor({ db, repos, driver: d, platforms, emitter, pollMs: 5 }, campaignId);
}
const ledger = (campaignId: number) => repos.platformResources.listByCampaign(campaignId).map((e) => [e.handle, e.state]);

describe('platform lifecycle', () => {
  it('prepares once before the first run and removes everything at the end', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const log: string[] = [];
    const d = driver(log);
    const start = d.start;
    d.start = async (t, s) => {
      log.push(`guests ${[...runtime.guests].join(',')}`);
      await start(t, s);
      return { facts: { endpoint: t.endpoints[0]!.name, facts: { hostname: 'inside' } } };
    };
    const lines: string[] = [];
    expect(await executor(campaignId, d, lines).run()).toBe('done');
    expect(runtime.calls).toEqual(['check', 'prepare', 'health', `teardown box-${campaignId}-1,box-${campaignId}-0`]);
    expect(log.filter((l) => l.startsWith('guests'))).toEqual(Array(3).fill(`guests box-${campaignId}-0,box-${campaignId}-1`));
    expect(runtime.guests.size).toBe(0);
    expect(ledger(campaignId)).toEqual([
      [`box-${campaignId}-0`, 'removed'],
      [`box-${campaignId}-1`, 'removed'],
    ]);
    expect(lines).toContain('platform boxed: 2 box(es) (about 2 s)');
    // Each run's facts carry what the platform is made of, next to what was probed inside.
    const facts = repos.runs.listByCampaign(campaignId).map((r) => repos.facts.get(r.factsSnapshotId!)!.facts);
    expect(facts).toEqual(Array(3).fill({ hostname: 'inside', platform: { provider: 'boxed', settings: { image: 'box:1' } } }));
    expect(lines.some((l) => /^platform boxed: ready in \d+\.\d s$/.test(l))).toBe(true);
    // How long it took is kept for the next plan of this platform (main/scenarios/history.ts).
    expect(repos.platformPreparations.newest()).toEqual([
      { platform: 'boxed', provider: 'boxed', settingsJson: '{"image":"box:1"}', hostCount: 2, seconds: expect.any(Number) },
    ]);
  });

  it("records the platform's execution backend and its settings in every run's facts (Slurm's MPI yield)", async () => {
    const backendSettings = { login: 'node1', timeLimitMin: 5, workDir: '/shared', mpiLauncher: 'srun-pmix', mpiYieldWhenIdle: true };
    const platformId = repos.platforms.create({
      name: 'batch',
      technology: 'os-level',
      product: 'boxes via Slurm',
      isBaseline: false,
      provider: 'boxed',
      settings: { image: 'box:1' },
      backend: 'slurm',
      backendSettings,
    });
    repos.platforms.addEndpoint({ platformId, hostId: repos.hosts.idOf('node1')!, ordinal: 0 });
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO.replaceAll('boxed', 'batch').replace('repetitions: 3', 'repetitions: 1')));
    const d = driver([]);
    d.start = async (t) => ({ facts: { endpoint: t.endpoints[0]!.name, facts: { hostname: 'node1' } } });
    expect(await executor(campaignId, d).run()).toBe('done');
    const facts = repos.runs.listByCampaign(campaignId).map((r) => repos.facts.get(r.factsSnapshotId!)!.facts);
    expect(facts).toEqual([
      { hostname: 'node1', platform: { provider: 'boxed', settings: { image: 'box:1' }, backend: { name: 'slurm', settings: backendSettings } } },
    ]);
  });

  it('a platform that is not ready pauses the campaign with every problem before any run starts, nothing charged', async () => {
    runtime.problems = ['node1: Boxes is not installed', 'node2: image x missing'];
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const log: string[] = [];
    expect(await executor(campaignId, driver(log)).run()).toBe('paused');
    expect(log).toEqual([]);
    expect(runtime.calls).toEqual(['check']);
    const reason = 'platform boxed is not ready: node1: Boxes is not installed; node2: image x missing';
    expect(service.store.summary(campaignId)).toMatchObject({ paused: true, failed: 0, done: 0, pauseReason: reason });
    // Both runs that were starting (maxParallel 2) waited for the one check and are set aside; nothing ran.
    const attempts = repos.runs.listByCampaign(campaignId);
    expect(attempts.filter((a) => a.state === 'interrupted').map((a) => a.error)).toEqual(Array(2).fill(`${SET_ASIDE}${reason}`));
    expect(attempts.filter((a) => a.state === 'planned')).toHaveLength(3);
    expect(ledger(campaignId)).toEqual([]);
  });

  it('a cancel mid-campaign removes the guests', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const log: string[] = [];
    const d = driver(log, true);
    const start = d.start;
    d.start = async (t, s) => {
      const r = await start(t, s);
      service.cancel(campaignId);
      return r;
    };
    expect(await executor(campaignId, d).run()).toBe('cancelled');
    expect(runtime.guests.size).toBe(0);
    expect(runtime.calls.at(-1)).toMatch(/^teardown /);
    expect(ledger(campaignId).every(([, state]) => state === 'removed')).toBe(true);
  });

  it('a cancel while the platform is being prepared stops the preparation, starts no run and removes what it made', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const log: string[] = [];
    runtime.slowPrepare = () => service.cancel(campaignId);
    expect(await executor(campaignId, driver(log)).run()).toBe('cancelled');
    // No run was installed or started (the cancel asks the driver to stop each attempt, which had nothing to stop).
    expect(log.filter((l) => l !== 'stop')).toEqual([]);
    expect(runtime.calls).toEqual(['check', 'prepare', `teardown box-${campaignId}-0`]);
    expect(runtime.guests.size).toBe(0);
    expect(ledger(campaignId)).toEqual([[`box-${campaignId}-0`, 'removed']]);
    expect(
      repos.runs
        .listByCampaign(campaignId)
        .map((r) => r.state)
        .filter((st) => st !== 'cancelled'),
    ).toEqual([]);
  });

  it('a resume keeps guests that answer (runs inside reattached), and makes them again when they do not', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const stop = new AbortController();
    const log: string[] = [];
    const d = driver(log, true);
    const start = d.start;
    d.start = async (t, s) => {
      const r = await start(t, s);
      stop.abort();
      return r;
    };
    // A process that stops with its runs going (as after a kill): the guests stay.
    expect(await executor(campaignId, d).run(stop.signal)).toBe('stopped');
    expect(runtime.guests.size).toBe(2);

    // Resumed: the guests answer, so they are kept and the running runs reattached; the rest run in them.
    runtime.calls = [];
    expect(await executor(campaignId, driver([])).run()).toBe('done');
    expect(runtime.calls[0]).toBe('health');
    expect(runtime.calls).not.toContain('prepare');
    expect(runtime.guests.size).toBe(0);
    expect(service.store.summary(campaignId)).toMatchObject({ done: 3, failed: 0 });

    // Another campaign whose guests are gone when it resumes: its ledger is torn down and the platform made again.
    const second = service.createCampaign(scenarioFromText(SCENARIO)).campaignId;
    const stop2 = new AbortController();
    const d2 = driver([], true);
    const start2 = d2.start;
    d2.start = async (t, s) => {
      const r = await start2(t, s);
      stop2.abort();
      return r;
    };
    expect(await executor(second, d2).run(stop2.signal)).toBe('stopped');
    runtime.guests.delete(`box-${second}-1`);
    runtime.calls = [];
    await executor(second, driver([])).run();
    expect(runtime.calls.slice(0, 5)).toEqual(['health', `teardown box-${second}-1,box-${second}-0`, 'check', 'prepare', 'health']);
    expect(runtime.guests.size).toBe(0);
  });

  it('a resume probes the facts of a reattached run whose starting process died before it recorded them', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const stop = new AbortController();
    const d = driver([], true);
    const start = d.start;
    d.start = async (t, s) => {
      await start(t, s);
      stop.abort(); // killed after launching the job, before any facts were returned
      return undefined;
    };
    expect(await executor(campaignId, d).run(stop.signal)).toBe('stopped');
    const running = repos.runs.listByCampaign(campaignId).filter((r) => r.state === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect(running.map((r) => r.factsSnapshotId)).toEqual(running.map(() => null));

    const probed: string[] = [];
    const resumed = driver([]);
    resumed.facts = async (t) => {
      probed.push(t.remoteRunId);
      return { endpoint: 'node1', facts: { virtualization: { container: 'boxes' } } };
    };
    expect(await executor(campaignId, resumed).run()).toBe('done');
    expect(probed.sort()).toEqual(running.map((r) => r.remoteRunId).sort());
    for (const r of running) {
      const id = repos.runs.listByCampaign(campaignId).find((x) => x.id === r.id)!.factsSnapshotId;
      expect(id).not.toBeNull();
      expect(repos.facts.get(id!)?.facts).toMatchObject({ virtualization: { container: 'boxes' } });
    }
  });

  it('a resume of a campaign that is already over removes what its platforms left', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    const e = repos.platformResources.intend({ campaignId, platform: 'boxed', host: 'node1', kind: 'box', handle: 'left-over' });
    repos.platformResources.setState(e.id, 'created');
    runtime.guests.add('left-over');
    repos.campaigns.setState(campaignId, 'done');
    expect(await executor(campaignId, driver([])).run()).toBe('done');
    expect(runtime.guests.size).toBe(0);
    expect(ledger(campaignId)).toEqual([['left-over', 'removed']]);
  });
});
