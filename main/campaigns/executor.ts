// Executes one campaign: a persistent queue in SQLite, exclusive endpoints, independent runs in parallel, every
// state change committed with its transition row. Pause, resume and cancel work across processes through the
// campaigns row; after the process dies (even SIGKILL), the next executor reattaches, collects or re-queues each
// run that was under way, so a plan entry is neither lost nor counted twice.
import type { Database } from '../store/database.ts';
import { runParams } from '../benchmarks/registry.ts';
import type { Repos } from '../store/repos/index.ts';
import type { Run, RunPatch } from '../store/repos/runs.ts';
import type { RunState } from '../store/run-states.ts';
import type { StoredHost } from '../store/repos/hosts.ts';
import { machineResolver, providerOf } from '../lab-model/platforms.ts';
import { createCampaignStore, type CampaignOptions, type CampaignStore } from './campaign-store.ts';
import {
  EndpointBusyError,
  EndpointDownError,
  type Collected,
  type DriverRun,
  type Provenance,
  type RemoteStatus,
  type RunDriver,
  type RunTarget,
} from './driver.ts';
import { silentEmitter, type CampaignEmitter } from './events.ts';
import { ResourcePool, type EndpointRef } from './resources.ts';
import { InstallBlockers } from './blockers.ts';
import { adaptiveRounds, type AdaptiveRounds } from './adaptive/rounds.ts';
import { PlatformNotReady, type PlatformLifecycle } from './platform-lifecycle.ts';

export interface ExecutorDeps {
  db: Database;
  repos: Repos;
  driver: RunDriver;
  /** The platforms' providers: prepared before a platform's first run, torn down when the campaign ends or is
   * cancelled (main/campaigns/platform-lifecycle.ts). Absent: endpoints are used as they are. */
  platforms?: PlatformLifecycle;
  emitter?: CampaignEmitter;
  /** How often a running run's status is polled and the campaign row re-read (pause, cancel). */
  pollMs?: number;
  /** Consecutive failed status polls before an endpoint counts as down. */
  statusAttempts?: number;
  now?: () => number;
  /** Monotonic milliseconds (never stepped by a wall-clock change): what run time limits are measured with. */
  monotonic?: () => number;
}

export type ExecutorOutcome = 'done' | 'failed' | 'paused' | 'cancelled' | 'stopped';

export class CampaignBusyError extends Error {
  constructor(
    readonly campaignId: number,
    readonly pid: number,
  ) {
    super(`campaign ${campaignId} is being executed by process ${pid}`);
    this.name = 'CampaignBusyError';
  }
}

class RunLost extends Error {}
class RunTimedOut extends Error {}
/** Failure of a run whose outcome must not be retried (the output is there but not readable). */
class Unparsed extends Error {}

interface Active {
  runId: number;
  promise: Promise<void>;
  abort: AbortController;
  target: RunTarget;
}

type Entry = 'fresh' | 'monitor' | 'collect' | 'reparse';

/** States a run never leaves (a retry is a new attempt). */
const ENDED: ReadonlySet<RunState> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Error prefix of an attempt ended through no fault of the run: it does not count against the scenario's retries. */
export const SET_ASIDE = 'set aside, not charged: ';

const tail = (s: string, n = 400) => (s.length > n ? `...${s.slice(-n)}` : s).trim();

export class CampaignExecutor {
  private readonly store: CampaignStore;
  private readonly emitter: CampaignEmitter;
  private readonly pollMs: number;
  private readonly statusAttempts: number;
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private readonly active = new Map<number, Active>();
  private readonly platformNames: Map<number, string>;
  /** What each platform is made of (provider and its settings, the execution backend and its settings, e.g. Slurm's
   *  MPI yield), copied into every run's facts snapshot. */
  private readonly platformMakeup: Map<
    number,
    { provider: string; settings: Record<string, unknown>; backend?: { name: string; settings: Record<string, unknown> } }
  >;
  private readonly options: CampaignOptions;
  private pool!: ResourcePool;
  private machineOf!: (host: string) => string;
  private readonly deadReason = new Map<string, string>();
  /** Facts snapshot of each (platform id, endpoint) a run used as its peer, taken once by this executor. */
  private readonly peerSnapshots = new Map<string, number>();
  private readonly blockers = new InstallBlockers();
  private cancelling = false;
  private stopping = false;
  /** Whether this run() has emitted its last campaigns.state event (an end state, or the pause it stops at). */
  private announced = false;
  private readonly adaptive: AdaptiveRounds | null;
  /** Runs failed with an endpoint down whose remote leftovers (job folder, a server, scratch) could not be removed
   * then: tried again while the campaign goes on (the link may come back) and once more at its end. */
  private readonly leftovers = new Map<number, { target: RunTarget; why: string; trying?: Promise<void> }>();
  /** Removals of what finished runs left (cleanLater), under way while the next runs start, by run id. */
  private readonly cleanups = new Map<number, Promise<void>>();

  constructor(
    private readonly deps: ExecutorDeps,
    readonly campaignId: number,
  ) {
    this.store = createCampaignStore(deps.repos, deps.now);
    this.emitter = deps.emitter ?? silentEmitter;
    this.pollMs = deps.pollMs ?? 1000;
    this.statusAttempts = deps.statusAttempts ?? 3;
    this.now = deps.now ?? Date.now;
    this.monotonic = deps.monotonic ?? (() => performance.now());
    this.platformNames = new Map(deps.repos.platforms.list().map((p) => [p.id, p.name]));
    this.platformMakeup = new Map(
      deps.repos.platforms
        .list()
        .map((p) => [
          p.id,
          { provider: providerOf(p), settings: p.settings, ...(p.backend ? { backend: { name: p.backend, settings: p.backendSettings } } : {}) },
        ]),
    );
    this.options = this.store.options(campaignId);
    this.adaptive = adaptiveRounds(deps.db, campaignId, deps.now);
  }

  /** Adaptive repetitions: queue the next round of every point that needs one (nothing while stopping). */
  private nextRounds(runId?: number): boolean {
    if (!this.adaptive || this.cancelling || this.stopping) return false;
    const lines = this.adaptive.reconcile();
    for (const line of lines) if (runId !== undefined) this.log(runId, 'executor', line);
    return lines.length > 0;
  }

  /** Runs the campaign until it is done, paused, cancelled, or `signal` asks this process to stop (remote runs keep going).
   * Every return is announced by one last campaigns.state event: a watcher (the CLI's follow, the Runs page) waits for
   * it, and a CLI whose only remaining work is that wait would otherwise end with nothing said (Node's exit code 13). */
  async run(signal?: AbortSignal): Promise<ExecutorOutcome> {
    const claimed = this.store.claim(this.campaignId);
    if (!claimed.ok) throw new CampaignBusyError(this.campaignId, claimed.pid);
    try {
      const outcome = await this.drive(signal);
      if (!this.announced) this.announce(outcome);
      return outcome;
    } finally {
      this.store.release(this.campaignId);
    }
  }

  /** The last event of a run() that returned without one: the campaign's state as it stands, or its pause. */
  private announce(outcome: ExecutorOutcome): void {
    const paused = this.store.paused(this.campaignId);
    if (outcome === 'paused') {
      this.emitter.emit('campaigns.state', { campaignId: this.campaignId, state: 'running', paused: true, message: 'paused' });
      return;
    }
    const state = outcome === 'stopped' ? 'interrupted' : outcome;
    this.emitter.emit('campaigns.state', { campaignId: this.campaignId, state, paused });
  }

  private async drive(signal?: AbortSignal): Promise<ExecutorOutcome> {
    const { repos } = this.deps;
    this.machineOf = machineResolver(repos);
    const platforms = new Map<string, EndpointRef[]>();
    for (const p of repos.platforms.list()) {
      const hosts = repos.platforms
        .listEndpoints(p.id)
        .map((e) => repos.hosts.list().find((h) => h.id === e.hostId)?.name)
        .filter((n): n is string => !!n);
      platforms.set(
        p.name,
        hosts.map((host) => ({ host, machine: this.machineOf(host) })),
      );
    }
    this.pool = new ResourcePool({ platforms, lockScope: this.options.lockScope, allowShared: this.options.allowShared });
    const c = repos.campaigns.get(this.campaignId)!;
    // Over already (a process that died before its teardown): remove what its platforms left, then say so.
    if (c.state === 'done' || c.state === 'failed') {
      this.dueLeftovers(repos.runs.listByCampaign(this.campaignId));
      await this.settleLeftovers();
      await this.teardown();
      return c.state;
    }
    if (c.state === 'cancelled') this.cancelling = true;
    else this.setCampaign('running');
    await this.recover();
    if (!(await this.checkBackends())) return 'paused';
    return await this.loop(signal);
  }

  /** Removes what the platforms' providers made for this campaign (the ledger); what stays is said, never hidden. */
  private async teardown(): Promise<void> {
    if (!this.deps.platforms) return;
    let left: string[];
    try {
      left = await this.deps.platforms.teardown(() => {});
    } catch (e) {
      left = [(e as Error).message];
    }
    if (left.length)
      this.emitter.emit('campaigns.state', {
        campaignId: this.campaignId,
        state: 'running',
        paused: false,
        message: `platform teardown incomplete (the ledger keeps it for the next try): ${left.join('; ')}`,
      });
  }

  private setCampaign(state: 'running' | 'done' | 'failed' | 'interrupted' | 'cancelled', message?: string): void {
    if (state !== 'running') this.announced = true;
    this.deps.repos.campaigns.setState(this.campaignId, state);
    this.emitter.emit('campaigns.state', { campaignId: this.campaignId, state, paused: this.store.paused(this.campaignId), ...(message ? { message } : {}) });
  }

  /** A problem no run could survive: no new run starts, runs under way finish, the reason is shown until resume. */
  private pauseFor(reason: string): void {
    if (this.store.paused(this.campaignId)) return;
    this.deps.repos.campaignInputs.pauseWith(this.campaignId, reason);
    this.emitter.emit('campaigns.state', { campaignId: this.campaignId, state: 'running', paused: true, message: reason });
  }

  private progress(runId: number | null, percent: number | null): void {
    const s = this.store.summary(this.campaignId);
    this.emitter.emit('campaigns.progress', { campaignId: this.campaignId, runId, percent, finished: s.done + s.failed, planned: s.planned });
  }

  private platformOf(run: Run): string {
    return this.platformNames.get(run.platformId) ?? `#${run.platformId}`;
  }

  /** One committed state change, with its transition row, and its event. */
  private move(run: Run, to: RunState, patch: RunPatch = {}, also?: () => void): Run {
    const next = this.deps.repos.atomic(() => {
      const next = this.deps.repos.runs.transition(run.id, to, patch);
      also?.();
      return next;
    });
    this.emitter.emit('campaigns.runState', {
      campaignId: this.campaignId,
      runId: run.id,
      planIndex: run.planIndex,
      attempt: run.attempt,
      platform: this.platformOf(run),
      benchmark: run.benchmark,
      from: run.state,
      to,
      ...((patch.detail ?? patch.error) ? { detail: patch.detail ?? patch.error ?? '' } : {}),
    });
    return next;
  }

  /** Ends a run without result and, if the policy allows, queues its next attempt, in one transaction. */
  private giveUp(run: Run, to: 'failed' | 'interrupted' | 'cancelled', reason: string, retry: boolean): void {
    // An interruption is retried like a failure, within the scenario's retries: a run that keeps losing its
    // endpoint or job ends as failed, with why, instead of being queued again forever.
    if (to === 'interrupted' && retry && !this.mayRetryInterrupted(run)) {
      const times = this.attemptsEnded(run, 'interrupted') + 1;
      return this.giveUp(run, 'failed', `${reason}; interrupted ${times} times, more than the scenario's ${this.options.retries} retries allow`, false);
    }
    let retried: number | undefined;
    this.move(run, to, to === 'failed' ? { error: reason, detail: reason } : { detail: reason, error: reason }, () => {
      if (retry) retried = this.store.retry(run.id);
    });
    if (retried !== undefined) this.log(run.id, 'executor', `${reason}; queued attempt ${run.attempt + 1}`);
    this.progress(run.id, null);
  }

  private attemptsEnded(run: Run, state: 'failed' | 'interrupted'): number {
    return this.deps.repos.runs
      .listByCampaign(this.campaignId)
      .filter((r) => r.planIndex === run.planIndex && r.state === state && r.id !== run.id && !r.error?.startsWith(SET_ASIDE)).length;
  }

  /** Ends an attempt that was not the run's fault (the executor stopped, an input or install problem paused the
   * campaign) and queues the next one, without charging the run's retries. */
  private setAside(run: Run, reason: string): void {
    const why = `${SET_ASIDE}${reason}`;
    this.move(run, 'interrupted', { detail: why, error: why }, () => {
      if (!this.cancelling) this.store.retry(run.id);
    });
    this.progress(run.id, null);
  }

  private failuresOf(run: Run): number {
    return this.attemptsEnded(run, 'failed');
  }

  private mayRetryInterrupted(run: Run): boolean {
    // The interruption being recorded is not in the table yet: interruptions so far + this one <= retries.
    return this.attemptsEnded(run, 'interrupted') + 1 <= this.options.retries && !this.cancelling;
  }

  private mayRetry(run: Run): boolean {
    // The failure being recorded is not in the table yet: failures so far + this one <= 1 + retries attempts.
    return this.failuresOf(run) + 1 <= this.options.retries && !this.cancelling;
  }

  private log(runId: number, stream: 'stdout' | 'stderr' | 'executor', line: string): void {
    this.emitter.emit('campaigns.log', { campaignId: this.campaignId, runId, stream, line });
  }

  private hostsOf(names: readonly string[]): StoredHost[] {
    return names.map((n) => {
      const h = this.deps.repos.hosts.get(n);
      if (!h) throw new Error(`host ${n} is no longer in the inventory`);
      return h;
    });
  }

  private targetOf(run: Run, hosts: StoredHost[], remoteRunId: string): RunTarget {
    const driverRun: DriverRun = {
      id: run.id,
      uuid: this.store.runUuid(run.id),
      campaignId: run.campaignId,
      planIndex: run.planIndex,
      attempt: run.attempt,
      platform: this.platformOf(run),
      benchmark: run.benchmark,
      params: run.params,
      repetition: run.repetition,
      nodeCount: run.nodeCount,
    };
    return { run: driverRun, endpoints: hosts, remoteRunId, ...(run.jobId ? { jobId: run.jobId } : {}), log: (stream, line) => this.log(run.id, stream, line) };
  }

  private spawn(run: Run, refs: EndpointRef[], entry: Entry): void {
    const hosts = this.hostsOf(refs.map((r) => r.host));
    const remoteRunId = run.remoteRunId ?? `vl-${this.store.runUuid(run.id)}`;
    const target = this.targetOf(run, hosts, remoteRunId);
    const abort = new AbortController();
    const promise = this.execute(run, target, entry, abort.signal)
      .catch((e: unknown) => {
        this.log(run.id, 'executor', `internal error: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.pool.release(refs);
        this.active.delete(run.id);
        this.nextRounds(run.id);
      });
    this.active.set(run.id, { runId: run.id, promise, abort, target });
  }

  /** After a restart: every run this campaign left under way is reattached, collected, re-parsed or re-queued. */
  private async recover(): Promise<void> {
    const { repos } = this.deps;
    const runs = repos.runs.listByCampaign(this.campaignId);
    this.dueLeftovers(runs);
    const latest = new Map<number, number>();
    for (const r of runs) latest.set(r.planIndex, Math.max(latest.get(r.planIndex) ?? 0, r.attempt));
    for (const run of runs) {
      // An interrupted latest attempt without a successor (a stop between the two writes cannot happen: they share
      // a transaction, but an older version of this code or a manual edit could leave one): queue it again.
      if (run.state === 'interrupted' && latest.get(run.planIndex) === run.attempt && !this.cancelling) {
        if (this.attemptsEnded(run, 'interrupted') + 1 <= this.options.retries) this.store.retry(run.id);
        continue;
      }
      if (run.state !== 'installing' && run.state !== 'running' && run.state !== 'parsing') continue;
      const names = this.store.runEndpoints(run.id);
      const refs = names.map((host) => ({ host, machine: this.machineOf(host) }));
      if (run.state === 'installing' || !run.remoteRunId) {
        if (this.cancelling) this.giveUp(run, 'interrupted', 'the executor stopped before the run was launched', false);
        else this.setAside(run, 'the executor stopped before the run was launched');
        continue;
      }
      let target: RunTarget;
      try {
        target = this.targetOf(run, this.hostsOf(names), run.remoteRunId);
      } catch (e) {
        this.giveUp(run, 'failed', (e as Error).message, false);
        continue;
      }
      if (run.state === 'parsing' && this.deps.repos.rawLogs.get(run.id, 'stdout') !== undefined) {
        this.pool.acquireExact(refs);
        this.spawn(run, refs, 'reparse');
        continue;
      }
      let status: RemoteStatus;
      try {
        status = await this.deps.driver.status(target);
      } catch (e) {
        this.endpointFailed(run, e);
        continue;
      }
      if (this.cancelling && status === 'running') {
        this.giveUp(run, 'cancelled', `campaign cancelled${await this.stopForCancel(run, target)}`, false);
        continue;
      }
      if (status === 'missing') {
        // Stopped between committing the remote id and launching the job (its server may be up): the attempt never ran,
        // so it is set aside uncharged like one stopped while installing; what it did start goes first.
        await this.stopAndClean(target);
        if (this.cancelling) this.giveUp(run, 'interrupted', 'the executor stopped before the run was launched', false);
        else this.setAside(run, 'the executor stopped before the run was launched');
        continue;
      }
      if (status === 'lost') {
        // The job died without a status: what it left (its folder, a server on its peer) goes first.
        await this.stopAndClean(target);
        this.giveUp(run, 'interrupted', `remote run ${run.remoteRunId} was lost while the executor was stopped`, !this.cancelling);
        continue;
      }
      this.log(
        run.id,
        'executor',
        status === 'running' ? `reattached to ${run.remoteRunId}` : `collecting ${run.remoteRunId}, which finished while the executor was stopped`,
      );
      // Killed between launching the job and recording what it ran in: probe it now (the guest is the same).
      if (run.factsSnapshotId === null && this.deps.driver.facts) {
        const facts = await this.deps.driver.facts(target).catch(() => undefined);
        if (facts) this.recordProvenance(run, { facts });
      }
      this.pool.acquireExact(refs);
      this.spawn(run, refs, status === 'running' ? 'monitor' : 'collect');
    }
    this.nextRounds();
  }

  /** Runs that ended but whose leftovers a process before this one had not removed (it died first, or its campaign's
   * end gave up on them): removed now like any leftovers, stopping first what may still run (a run failed with its
   * endpoint down). */
  private dueLeftovers(runs: readonly Run[]): void {
    const due = new Set(this.deps.repos.runCleanups.dueIn(this.campaignId));
    for (const run of runs) {
      if (!due.has(run.id) || !ENDED.has(run.state) || this.leftovers.has(run.id)) continue;
      try {
        if (!run.remoteRunId) throw new Error('the run has no remote id');
        this.leftovers.set(run.id, { target: this.targetOf(run, this.hostsOf(this.store.runEndpoints(run.id)), run.remoteRunId), why: 'not tried yet' });
      } catch (e) {
        this.log(run.id, 'executor', `what the run left cannot be removed: ${(e as Error).message}`);
        this.deps.repos.runCleanups.done(run.id);
      }
    }
  }

  /** Before anything is submitted: each platform's backend checks what the queued runs ask of its site (a batch
   *  system's partition size and time limit); a platform that cannot hold them pauses the campaign with why. */
  private async checkBackends(): Promise<boolean> {
    if (!this.deps.driver.check || this.cancelling || this.store.paused(this.campaignId)) return true;
    const byPlatform = new Map<string, { nodes: number }[]>();
    const firstRun = new Map<string, number>();
    for (const run of this.store.queued(this.campaignId)) {
      const p = this.platformOf(run);
      byPlatform.set(p, [...(byPlatform.get(p) ?? []), { nodes: this.endpointsNeeded(run) }]);
      if (!firstRun.has(p)) firstRun.set(p, run.id);
    }
    const problems: string[] = [];
    for (const [platform, runs] of byPlatform) {
      try {
        const r = await this.deps.driver.check(platform, runs);
        problems.push(...r.problems.map((x) => `platform ${platform}: ${x}`));
        // What the site was asked for and what it said (e.g. pam_slurm_adopt on the nodes), in the first run's log.
        for (const line of r.text?.split('\n') ?? []) if (line) this.log(firstRun.get(platform)!, 'executor', `platform ${platform}: ${line}`);
      } catch (e) {
        problems.push(`platform ${platform}: its backend could not be asked: ${(e as Error).message}`);
      }
    }
    if (!problems.length) return true;
    this.pauseFor(`nothing submitted: ${problems.join('; ')}`);
    return false;
  }

  private recordProvenance(run: Run, p: Provenance): void {
    const { repos } = this.deps;
    if (p.jobId) repos.runs.recordJob(run.id, { jobId: p.jobId });
    // The run's facts say what it ran in twice: as probed inside (the runtime's marker) and as the platform was defined.
    const platform = this.platformMakeup.get(run.platformId);
    const withMakeup = (f: unknown) => (platform && typeof f === 'object' && f !== null ? { ...f, platform } : f);
    const factsSnapshotId = p.facts ? repos.facts.recordForPlatformHost(run.platformId, p.facts.endpoint, withMakeup(p.facts.facts)) : undefined;
    repos.runs.recordProvenance(run.id, {
      ...(factsSnapshotId !== undefined ? { factsSnapshotId } : {}),
      ...(p.command ? { command: p.command } : {}),
      ...(p.benchmarkVersion ? { benchmarkVersion: p.benchmarkVersion } : {}),
      ...(p.compilerVersion ? { compilerVersion: p.compilerVersion } : {}),
    });
    // The run's other endpoints, as probed where the run used them (inside the platform's guest on that host, not the
    // host itself): a snapshot of the platform's endpoint, once per executor, linked to every run that used it.
    for (const f of p.peerFacts ?? []) {
      const key = `${run.platformId}\u0000${f.endpoint}`;
      let snapshotId = this.peerSnapshots.get(key);
      if (snapshotId === undefined) {
        snapshotId = repos.facts.recordForPlatformHost(run.platformId, f.endpoint, withMakeup(f.facts));
        if (snapshotId === undefined) continue;
        this.peerSnapshots.set(key, snapshotId);
      }
      repos.facts.linkPeer(run.id, snapshotId);
    }
  }

  private endpointFailed(run: Run, e: unknown): void {
    const reason = e instanceof Error ? e.message : String(e);
    if (e instanceof EndpointDownError && this.options.skipDeadEndpoint) {
      this.pool.markDead(e.host);
      this.deadReason.set(e.host, reason);
    }
    const why =
      e instanceof EndpointDownError ? `endpoint ${e.host} down: ${reason}` : e instanceof EndpointBusyError ? `endpoint ${e.host} busy: ${reason}` : reason;
    this.giveUp(run, 'failed', why, this.mayRetry(run));
  }

  /** Stops a run's remote job and removes what it left, best effort and bounded (an endpoint may be down). */
  private async stopAndClean(target: RunTarget, signal?: AbortSignal): Promise<void> {
    const { driver } = this.deps;
    await Promise.race([
      driver
        .stop(target)
        .then(() => driver.cleanup?.(target))
        .catch(() => {}),
      sleep(15_000, signal),
    ]);
  }

  /** A cancel asked for in the campaigns row (by any process), seen now rather than at the loop's next turn. */
  private noticeCancel(): boolean {
    if (!this.cancelling && this.deps.repos.campaigns.get(this.campaignId)?.state === 'cancelled') {
      this.cancelling = true;
      for (const a of this.active.values()) a.abort.abort();
      // A platform being prepared (a VM booting for minutes) stops too, so the teardown does not wait for it.
      this.deps.platforms?.stop();
    }
    return this.cancelling;
  }

  /** Stops a cancelled run's remote job (the driver retries with backoff) and removes what it left (its run folder,
   * a server's folder, scratch), like a finished run's; '' when all is gone, else what is left. */
  private async stopForCancel(run: Run, target: RunTarget): Promise<string> {
    try {
      await this.deps.driver.stop(target);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.log(run.id, 'executor', `could not stop the remote job: ${why}`);
      return `; the remote job could not be stopped: ${why}`;
    }
    try {
      await this.deps.driver.cleanup?.(target);
      return '';
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.log(run.id, 'executor', `could not remove what the run left: ${why}`);
      return `; what it left could not be removed: ${why}`;
    }
  }

  private async loop(signal?: AbortSignal): Promise<ExecutorOutcome> {
    for (;;) {
      this.store.heartbeat(this.campaignId);
      this.noticeCancel();
      if (signal?.aborted && !this.stopping) {
        this.stopping = true;
        for (const a of this.active.values()) a.abort.abort();
        this.deps.platforms?.stop();
      }
      if (this.stopping) {
        await Promise.allSettled([...this.active.values()].map((a) => a.promise));
        await this.settleCleanups();
        this.setCampaign('interrupted', 'executor stopped; remote runs keep going and are reattached on resume');
        return 'stopped';
      }
      if (this.cancelling) {
        for (const run of this.store.queued(this.campaignId)) this.giveUp(run, 'cancelled', 'campaign cancelled', false);
      }
      const paused = this.store.paused(this.campaignId);
      if (!paused && !this.cancelling) this.startQueued();
      if (this.active.size === 0) {
        if (this.cancelling) {
          await this.settleCleanups();
          const left = await this.settleLeftovers();
          await this.teardown();
          this.setCampaign('cancelled', left || undefined);
          return 'cancelled';
        }
        if (paused) {
          this.announce('paused');
          this.announced = true;
          return 'paused';
        }
        if (this.store.queued(this.campaignId).length === 0 && !this.nextRounds()) {
          const s = this.store.summary(this.campaignId);
          const outcome = s.done === 0 && s.failed > 0 ? 'failed' : 'done';
          await this.settleCleanups();
          const left = await this.settleLeftovers();
          await this.teardown();
          this.setCampaign(outcome, `${s.done} of ${s.planned} plan entries done, ${s.failed} failed${left}`);
          return outcome;
        }
      }
      this.tryLeftovers();
      await Promise.race([...[...this.active.values()].map((a) => a.promise), sleep(this.pollMs, signal)]);
    }
  }

  /** Removes what a run whose outcome is recorded left on its endpoints, in the background (its row in run_cleanups
   * goes once done); a removal that fails joins the leftovers, tried again while the campaign goes on and at its end. */
  private cleanLater(runId: number, target: RunTarget): void {
    const { driver, repos } = this.deps;
    if (!driver.cleanup) {
      repos.runCleanups.done(runId);
      return;
    }
    if (this.cleanups.has(runId) || this.leftovers.has(runId)) return;
    const removal = driver
      .cleanup(target)
      .then(
        () => repos.runCleanups.done(runId),
        (e: unknown) => {
          const why = e instanceof Error ? e.message : String(e);
          this.log(runId, 'executor', `what the run left is not removed yet (tried again): ${why}`);
          this.leftovers.set(runId, { target, why });
        },
      )
      .finally(() => this.cleanups.delete(runId));
    this.cleanups.set(runId, removal);
  }

  /** Waits for the removals under way (each bounded by the session's limits). */
  private async settleCleanups(): Promise<void> {
    while (this.cleanups.size) await Promise.allSettled([...this.cleanups.values()]);
  }

  /** One more try for each run's leftovers not being tried right now (each try bounded by the session's limits). */
  private tryLeftovers(): void {
    const { driver } = this.deps;
    for (const [runId, l] of this.leftovers) {
      if (l.trying) continue;
      l.trying = driver
        .stop(l.target)
        .then(() => driver.cleanup?.(l.target))
        .then(
          () => {
            this.leftovers.delete(runId);
            this.deps.repos.runCleanups.done(runId);
            this.log(runId, 'executor', `remote leftovers of ${l.target.remoteRunId} removed`);
          },
          (e: unknown) => {
            l.why = e instanceof Error ? e.message : String(e);
          },
        )
        .finally(() => {
          l.trying = undefined;
        });
    }
  }

  /** At the campaign's end: leftovers still there get tries for up to 30 s more; '' when none stay, else what stays. */
  private async settleLeftovers(): Promise<string> {
    const until = this.monotonic() + 30_000;
    while (this.leftovers.size && this.monotonic() < until) {
      this.tryLeftovers();
      const left = () => Math.max(0, until - this.monotonic());
      await Promise.race([Promise.allSettled([...this.leftovers.values()].map((l) => l.trying)), sleep(left())]);
      if (this.leftovers.size) await sleep(Math.min(2000, left()));
    }
    if (!this.leftovers.size) return '';
    const stays = [...this.leftovers].map(([runId, l]) => {
      this.log(runId, 'executor', `remote leftovers of ${l.target.remoteRunId} could not be removed: ${l.why}`);
      return `${l.target.remoteRunId} (${l.why})`;
    });
    return `; remote leftovers of ${stays.length} run(s) could not be removed: ${stays.join('; ')}`;
  }

  private startQueued(): void {
    for (const run of this.store.queued(this.campaignId)) {
      if (this.active.size >= this.options.maxParallel) return;
      const avoid = this.blockers.avoid(this.platformOf(run), run.benchmark);
      const demand = { platform: this.platformOf(run), endpointsNeeded: this.endpointsNeeded(run), ...(avoid ? { avoid } : {}) };
      if (!this.pool.satisfiable(demand)) {
        const dead = [...this.deadReason.entries()].filter(([h]) => this.pool.isDead(h)).map(([h, why]) => `${h}: ${why}`);
        if (this.pool.usable(demand.platform).length === 0 && dead.length) {
          this.pauseFor(`platform ${demand.platform} has no reachable endpoint (down: ${dead.join('; ')})`);
          return;
        }
        if (avoid && this.pool.satisfiable({ platform: demand.platform, endpointsNeeded: demand.endpointsNeeded })) {
          this.pauseFor(this.blockers.explain(demand.platform, run.benchmark, demand.endpointsNeeded));
          return;
        }
        this.giveUp(
          run,
          'failed',
          `needs ${demand.endpointsNeeded} endpoint(s) of platform ${demand.platform}, only ${this.pool.usable(demand.platform).length} usable${dead.length ? ` (down: ${dead.join('; ')})` : ''}`,
          false,
        );
        continue;
      }
      const refs = this.pool.acquire(demand);
      if (!refs) continue;
      this.spawn(run, refs, 'fresh');
    }
  }

  /** What the run's module says it holds (a server + client pair, N MPI nodes); the node count for unknown runs. */
  private endpointsNeeded(run: Run): number {
    const r = runParams(run.benchmark, run.params);
    return 'error' in r ? run.nodeCount : r.module.endpoints(r.params);
  }

  private async execute(first: Run, target: RunTarget, entry: Entry, signal: AbortSignal): Promise<void> {
    const { driver, repos } = this.deps;
    let run = first;
    let startedMono: number | undefined;
    try {
      if (entry === 'fresh') {
        const names = target.endpoints.map((h) => h.name);
        run = this.move(run, 'installing', { detail: `on ${names.join(', ')}` }, () => this.store.setRunEndpoints(run.id, names));
        await this.deps.platforms?.ready(target.run.platform, (line) => this.log(run.id, 'executor', line));
        if (driver.install) await driver.install(target, signal);
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        run = this.move(run, 'running', { remoteRunId: target.remoteRunId, detail: target.remoteRunId });
        startedMono = this.monotonic();
        const provenance = await driver.start(target, signal);
        if (provenance) this.recordProvenance(run, provenance);
      }
      if (entry === 'fresh' || entry === 'monitor') await this.monitor(run, target, signal, startedMono);
      let collected: Collected;
      if (entry === 'reparse') {
        collected = { stdout: repos.rawLogs.getText(run.id, 'stdout') ?? '', stderr: repos.rawLogs.getText(run.id, 'stderr') ?? '', exitCode: run.exitCode };
      } else {
        collected = await driver.collect(target);
        run = this.move(run, 'parsing', { detail: `exit code ${collected.exitCode ?? 'none'}`, exitCode: collected.exitCode }, () => {
          repos.rawLogs.put(run.id, 'stdout', collected.stdout);
          repos.rawLogs.put(run.id, 'stderr', collected.stderr);
          if (collected.nodeList || collected.jobId)
            repos.runs.recordJob(run.id, {
              ...(collected.nodeList ? { nodeList: collected.nodeList } : {}),
              ...(collected.jobId ? { jobId: collected.jobId } : {}),
            });
          if (driver.cleanup) repos.runCleanups.due(run.id);
        });
      }
      try {
        this.recordOutcome(run, target, collected);
      } finally {
        // What the run left on its endpoints (job folder, a server, scratch) goes once its outcome is recorded, in the
        // background: its round trips overlap the next run's start instead of delaying this run's result. The 'parsing'
        // transition recorded the removal as due (run_cleanups, with the output), so a process that dies first leaves
        // it to the next one (recover) rather than to nobody; the campaign ends only once it is done.
        this.cleanLater(run.id, target);
      }
    } catch (e) {
      const current = repos.runs.get(run.id)!;
      if (this.stopping) return; // leave it in its state: the next executor reattaches it
      // A cancel may be what made the run fail (its job stopped, its endpoint slow to answer): read it first.
      if (this.noticeCancel()) {
        const note = await this.stopForCancel(current, target);
        if (!['done', 'failed', 'cancelled'].includes(current.state))
          this.giveUp(current, current.state === 'parsing' ? 'failed' : 'cancelled', `campaign cancelled${note}`, false);
        return;
      }
      if (e instanceof PlatformNotReady) {
        // Not this run's fault, and no run of the platform can start: wait (paused, with every problem) for a fix.
        this.setAside(current, e.message);
        this.pauseFor(e.message);
        return;
      }
      // Best effort, bounded: what the run left on endpoints (job folder, a netserver) goes before the outcome is
      // recorded, so a process that dies in between leaves the run under way for the next one to settle. An endpoint
      // that is down is not waited for: its run fails at once and the attempt to clean follows.
      const down = e instanceof EndpointDownError;
      if (current.state !== 'parsing' && !down) await this.stopAndClean(target, signal);
      const block =
        current.state === 'installing'
          ? this.blockers.record(
              this.platformOf(current),
              current.benchmark,
              target.endpoints.map((h) => h.name),
              e,
            )
          : undefined;
      if (block) {
        // Not this run's fault: its attempt is set aside uncharged and the plan entry waits for the problem to go.
        this.setAside(current, block.reason);
        if (block.scope !== 'endpoints') this.pauseFor(block.reason);
      } else if (e instanceof RunLost) this.giveUp(current, 'interrupted', e.message, true);
      else if (e instanceof Unparsed) this.giveUp(current, 'failed', e.message, false);
      else if (e instanceof RunTimedOut) this.giveUp(current, 'failed', e.message, this.mayRetry(current));
      else this.endpointFailed(current, e);
      if (down) {
        // Its leftovers go once the endpoint answers again (tried in the background while the campaign goes on).
        this.leftovers.set(current.id, { target, why: 'not tried yet' });
        repos.runCleanups.due(current.id);
        this.tryLeftovers();
      }
      return;
    }
    if (this.options.coolDownSec > 0 && !this.stopping && !this.cancelling) await sleep(this.options.coolDownSec * 1000, signal);
  }

  /** A collected run's outcome: failed with why, or parsed and done with its metrics (a warm-up's discarded). */
  private recordOutcome(run: Run, target: RunTarget, collected: Collected): void {
    const { driver, repos } = this.deps;
    if (collected.failure) {
      this.giveUp(run, 'failed', `${collected.failure}${collected.stderr.trim() ? `: ${tail(collected.stderr)}` : ''}`, this.mayRetry(run));
    } else if (collected.exitCode !== 0) {
      this.giveUp(
        run,
        'failed',
        `exited with code ${collected.exitCode ?? 'none'}${collected.stderr.trim() ? `: ${tail(collected.stderr)}` : ''}`,
        this.mayRetry(run),
      );
    } else {
      const outcome = driver.parse(target.run, collected);
      if (!outcome.ok) throw new Unparsed(`output not understood (raw log kept): ${outcome.error}`);
      // A warm-up (negative repetition) is measured and kept with its raw output, but its metrics are not stored.
      const metrics = run.repetition < 0 ? [] : outcome.metrics.map((m) => ({ runId: run.id, ...m }));
      const detail = run.repetition < 0 ? `warm-up: ${outcome.metrics.length} metric(s) discarded, raw output kept` : `${metrics.length} metric(s)`;
      this.move(run, 'done', { detail }, () => {
        repos.metrics.insertMetrics(metrics);
      });
      this.progress(run.id, 100);
      for (const w of outcome.warnings ?? []) this.log(run.id, 'executor', `warning: ${w}`);
    }
  }

  /** `startedMono`: when this executor started the run, on the monotonic clock (unknown for a run it reattached). */
  private async monitor(run: Run, target: RunTarget, signal: AbortSignal, startedMono?: number): Promise<void> {
    // The time limit runs on the monotonic clock, so a wall clock stepped back or forward (NTP, an administrator, a
    // resumed laptop) neither stretches nor cuts it. Only a reattached run's time before this executor saw it comes
    // from the wall clock (all that survives a restart), bounded to [0, limit].
    const limitMs = this.options.runTimeoutSec * 1000;
    const t0 = startedMono ?? this.monotonic();
    const before = startedMono !== undefined ? 0 : Math.min(limitMs, Math.max(0, this.now() - (run.startedAt ?? this.now())));
    const elapsed = () => before + this.monotonic() - t0;
    const estimateMs = (this.store.runEstimateSec(run.id) ?? 0) * 1000;
    let misses = 0;
    let lastError: unknown;
    let canWait = this.deps.driver.wait !== undefined;
    // A run about to end by its estimate is waited for past that end in one go (never past its time limit): a status
    // poll falling on its end would add its round trips to the run. Longer runs keep the poll interval (progress)
    // until then.
    const waitMs = (): number => {
      const left = estimateMs - elapsed();
      return left > 0 && left < 5 * this.pollMs ? Math.min(left + this.pollMs, Math.max(this.pollMs, limitMs - elapsed())) : this.pollMs;
    };
    // A run just started is still going: wait for its end first rather than ask.
    let waitedShort = canWait && run.state === 'running' && elapsed() <= this.pollMs ? await this.waitForEnd(target, signal, waitMs()) : false;
    for (;;) {
      if (signal.aborted) throw new Error('aborted');
      let status: RemoteStatus | undefined;
      try {
        status = await this.deps.driver.status(target);
        misses = 0;
      } catch (e) {
        if (e instanceof EndpointBusyError) {
          // There but loaded: keep asking (the run's time limit and a cancel still apply); never 'down' for that.
          this.log(run.id, 'executor', `status not read yet: ${e.message}`);
        } else {
          if (!(e instanceof EndpointDownError)) throw e;
          lastError = e;
          if (++misses >= this.statusAttempts) throw lastError;
          this.log(run.id, 'executor', `status not read (${misses} of ${this.statusAttempts} before the endpoint counts as down): ${e.message}`);
        }
      }
      if (status === 'exited') return;
      if (status === 'lost' || status === 'missing') throw new RunLost(`remote run ${target.remoteRunId} disappeared`);
      if (elapsed() > limitMs) {
        await this.deps.driver.stop(target).catch(() => {});
        throw new RunTimedOut(`timed out after ${this.options.runTimeoutSec} s`);
      }
      // A wait that came back early while the run goes on cannot wait here: poll from then on, never spin.
      if (status === 'running' && waitedShort) canWait = false;
      if (status === 'running' && estimateMs > 0) this.progress(run.id, Math.min(99, (100 * elapsed()) / estimateMs));
      // After a missed status the endpoint is not asked to wait (a silent one would hold the wait for its whole limit).
      waitedShort = canWait && misses === 0 ? await this.waitForEnd(target, signal, waitMs()) : (await sleep(this.pollMs, signal), false);
    }
  }

  /** Until the run ends (seen at once, not at the next poll) or maxMs passes; true when it came back early. */
  private async waitForEnd(target: RunTarget, signal: AbortSignal, maxMs: number): Promise<boolean> {
    const t0 = this.monotonic();
    try {
      await this.deps.driver.wait!(target, maxMs, signal);
    } catch {
      // The status call that follows says what is wrong with the endpoint; keep the poll interval meanwhile.
      await sleep(Math.max(0, this.pollMs - (this.monotonic() - t0)), signal);
      return false;
    }
    return this.monotonic() - t0 < maxMs * 0.8;
  }
}
