// The campaign side of the store: creating a campaign from a plan, UUIDs, which endpoints a run holds,
// who executes a campaign, and the summaries the CLI and UI show. Built on the store's repositories.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { Plan, Scenario } from '../contract/scenarios.ts';
import type { CampaignSummary, RunInfo, RunStateId } from '../contract/campaigns.ts';
import { RUN_STATES } from '../store/run-states.ts';
import type { Repos } from '../store/repos/index.ts';
import type { Run } from '../store/repos/runs.ts';
import { entryEstimates } from '../store/queries/campaign-estimate.ts';
import { campaignEstimate } from './campaign-estimate.ts';

export interface CampaignOptions {
  maxParallel: number;
  coolDownSec: number;
  runTimeoutSec: number;
  retries: number;
  skipDeadEndpoint: boolean;
  lockScope: 'endpoint' | 'machine';
  allowShared: boolean;
  /** The plan's parallel over sequential time, for the remaining time before any run has ended. */
  planPace?: number;
}

export function optionsOf(s: Scenario): CampaignOptions {
  return {
    maxParallel: s.maxParallel, coolDownSec: s.coolDownSec, runTimeoutSec: s.runTimeoutSec, retries: s.failure.retries,
    skipDeadEndpoint: s.failure.skipDeadEndpoint, lockScope: s.sharing.lockScope, allowShared: s.sharing.allowSharedEndpoints,
  };
}

const planPaceOf = (plan: Plan): number => (plan.sequentialSec > 0 && plan.parallelSec > 0 ? Math.min(1, plan.parallelSec / plan.sequentialSec) : 1);

interface CampaignExtra { uuid: string; paused: number; seed: number | null; options_json: string; executor_pid: number | null; executor_heartbeat: number | null }

/** A process is alive if signal 0 reaches it and it is not a zombie. */
export function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')); } catch { return true; }
}

export const HEARTBEAT_STALE_MS = 30_000;

export function createCampaignStore(db: Database, repos: Repos, now: () => number = Date.now) {
  const extra = db.prepare('SELECT uuid, paused, seed, options_json, executor_pid, executor_heartbeat FROM campaigns WHERE id = ?');
  const setRunUuid = db.prepare('UPDATE runs SET uuid = ?, estimate_sec = COALESCE(?, estimate_sec) WHERE id = ?');
  const runExtra = db.prepare('SELECT uuid, endpoints_json, estimate_sec FROM runs WHERE id = ?');
  const setEndpoints = db.prepare('UPDATE runs SET endpoints_json = ? WHERE id = ?');
  const countsBy = db.prepare('SELECT state, COUNT(*) AS n FROM runs WHERE campaign_id = ? GROUP BY state');
  // Latest attempt of every plan entry.
  const latestStates = db.prepare(`SELECT r.state AS state, COUNT(*) AS n FROM runs r WHERE r.campaign_id = ?
    AND r.attempt = (SELECT MAX(attempt) FROM runs x WHERE x.campaign_id = r.campaign_id AND x.plan_index = r.plan_index) GROUP BY r.state`);
  const planned = db.prepare('SELECT COUNT(DISTINCT plan_index) AS n FROM runs WHERE campaign_id = ?');

  const create = db.transaction((scenarioId: number, name: string, scenario: Scenario, plan: Plan): number => {
    const id = repos.campaigns.create(scenarioId, name);
    db.prepare('UPDATE campaigns SET uuid = ?, seed = ?, options_json = ? WHERE id = ?').run(randomUUID(), plan.seed, JSON.stringify({ ...optionsOf(scenario), planPace: planPaceOf(plan) }), id);
    const ids = repos.runs.createMany(plan.entries.map((e) => ({
      campaignId: id, planIndex: e.index, platformId: repos.platforms.findByName(e.platform)!.id, benchmark: e.benchmark,
      params: e.params, repetition: e.repetition, nodeCount: e.nodeCount,
    })));
    ids.forEach((runId, i) => setRunUuid.run(randomUUID(), plan.entries[i]!.estimateSec + (plan.entries[i]!.setupSec ?? 0), runId));
    return id;
  });

  const retry = db.transaction((runId: number): number => {
    const id = repos.runs.planRetry(runId);
    setRunUuid.run(randomUUID(), null, id);
    return id;
  });

  const claim = db.transaction((id: number, pid: number): { ok: true } | { ok: false; pid: number } => {
    const e = extra.get(id) as CampaignExtra | undefined;
    if (!e) throw new Error(`campaign ${id} does not exist`);
    const t = now();
    if (e.executor_pid !== null && e.executor_pid !== pid && processAlive(e.executor_pid) && e.executor_heartbeat !== null && t - e.executor_heartbeat < HEARTBEAT_STALE_MS) {
      return { ok: false, pid: e.executor_pid };
    }
    db.prepare('UPDATE campaigns SET executor_pid = ?, executor_heartbeat = ? WHERE id = ?').run(pid, t, id);
    return { ok: true };
  });

  function liveOwner(e: CampaignExtra): number | null {
    if (e.executor_pid === null || e.executor_heartbeat === null) return null;
    return processAlive(e.executor_pid) && now() - e.executor_heartbeat < HEARTBEAT_STALE_MS ? e.executor_pid : null;
  }

  const estimateOf = (id: number, e: CampaignExtra) => {
    const est = campaignEstimate(entryEstimates(db, id), (JSON.parse(e.options_json) as Partial<CampaignOptions>).planPace);
    return est ? { estimate: est } : {};
  };

  const store = {
    /** Stores the campaign and its whole plan in one transaction. */
    create: (scenarioId: number, name: string, scenario: Scenario, plan: Plan): number => create.immediate(scenarioId, name, scenario, plan),
    /** A new attempt of a run's plan entry, with its own UUID. */
    retry: (runId: number): number => retry.immediate(runId),
    runUuid: (runId: number): string => (runExtra.get(runId) as { uuid: string }).uuid,
    runEstimateSec: (runId: number): number | null => (runExtra.get(runId) as { estimate_sec: number | null }).estimate_sec,
    runEndpoints: (runId: number): string[] => {
      const r = runExtra.get(runId) as { endpoints_json: string | null } | undefined;
      return r?.endpoints_json ? (JSON.parse(r.endpoints_json) as string[]) : [];
    },
    setRunEndpoints: (runId: number, hosts: readonly string[]): void => { setEndpoints.run(JSON.stringify(hosts), runId); },
    options: (id: number): CampaignOptions => JSON.parse((extra.get(id) as CampaignExtra).options_json) as CampaignOptions,
    paused: (id: number): boolean => (extra.get(id) as CampaignExtra).paused === 1,
    setPaused: (id: number, paused: boolean): void => { db.prepare('UPDATE campaigns SET paused = ? WHERE id = ?').run(paused ? 1 : 0, id); },
    claim: (id: number, pid: number = process.pid) => claim.immediate(id, pid),
    heartbeat: (id: number, pid: number = process.pid): void => {
      db.prepare('UPDATE campaigns SET executor_heartbeat = ? WHERE id = ? AND executor_pid = ?').run(now(), id, pid);
    },
    release: (id: number, pid: number = process.pid): void => {
      db.prepare('UPDATE campaigns SET executor_pid = NULL, executor_heartbeat = NULL WHERE id = ? AND executor_pid = ?').run(id, pid);
    },
    liveOwner: (id: number): number | null => liveOwner(extra.get(id) as CampaignExtra),
    /** Planned runs in plan order (latest attempts only: an older attempt is never planned once retried). */
    queued: (id: number): Run[] => repos.runs.listByCampaign(id).filter((r) => r.state === 'planned'),
    byUuid: (uuid: string): number | undefined => (db.prepare('SELECT id FROM campaigns WHERE uuid = ?').get(uuid) as { id: number } | undefined)?.id,

    summary(id: number): CampaignSummary {
      const c = repos.campaigns.get(id);
      if (!c) throw new Error(`campaign ${id} does not exist`);
      const e = extra.get(id) as CampaignExtra;
      const sc = repos.scenarios.get(c.scenarioId)!;
      const attempts = Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as Record<RunStateId, number>;
      for (const r of countsBy.all(id) as { state: RunStateId; n: number }[]) attempts[r.state] = r.n;
      const latest = Object.fromEntries((latestStates.all(id) as { state: RunStateId; n: number }[]).map((r) => [r.state, r.n]));
      return {
        id, uuid: e.uuid, name: c.name, scenario: sc.name, scenarioVersion: sc.version, state: c.state, paused: e.paused === 1,
        pauseReason: e.paused === 1 ? repos.campaignInputs.pauseReason(id) : null,
        executorPid: liveOwner(e), seed: e.seed, createdAt: c.createdAt, startedAt: c.startedAt, endedAt: c.endedAt,
        planned: (planned.get(id) as { n: number }).n, done: latest['done'] ?? 0, failed: (latest['failed'] ?? 0) + (latest['cancelled'] ?? 0),
        attempts,
        ...estimateOf(id, e),
      };
    },

    runInfos(id: number): RunInfo[] {
      const platformNames = new Map(repos.platforms.list().map((p) => [p.id, p.name]));
      return repos.runs.listByCampaign(id).map((r) => ({
        id: r.id, uuid: store.runUuid(r.id), planIndex: r.planIndex, attempt: r.attempt, platform: platformNames.get(r.platformId) ?? `#${r.platformId}`,
        benchmark: r.benchmark, params: r.params, repetition: r.repetition, nodeCount: r.nodeCount, state: r.state,
        endpoints: store.runEndpoints(r.id), remoteRunId: r.remoteRunId, error: r.error, startedAt: r.startedAt, endedAt: r.endedAt,
      }));
    },
  };
  return store;
}
export type CampaignStore = ReturnType<typeof createCampaignStore>;
