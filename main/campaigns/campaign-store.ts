// The campaign side of the store: creating a campaign from a plan, UUIDs, which endpoints a run holds,
// who executes a campaign, and the summaries the CLI and UI show. Built on the store's repositories (the rows are
// read and written by main/store/repos/campaign-execution.ts).
import { readFileSync } from 'node:fs';
import type { Plan, Scenario } from '../contract/scenarios.ts';
import type { CampaignSummary, RunInfo, RunStateId } from '../contract/campaigns.ts';
import { RUN_STATES } from '../store/run-states.ts';
import type { Repos } from '../store/repos/index.ts';
import type { Run } from '../store/repos/runs.ts';
import type { CampaignExecutionRow } from '../store/repos/campaign-execution.ts';
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
    maxParallel: s.maxParallel,
    coolDownSec: s.coolDownSec,
    runTimeoutSec: s.runTimeoutSec,
    retries: s.failure.retries,
    skipDeadEndpoint: s.failure.skipDeadEndpoint,
    lockScope: s.sharing.lockScope,
    allowShared: s.sharing.allowSharedEndpoints,
  };
}

const planPaceOf = (plan: Plan): number => (plan.sequentialSec > 0 && plan.parallelSec > 0 ? Math.min(1, plan.parallelSec / plan.sequentialSec) : 1);

/** A process is alive if signal 0 reaches it and it is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

export const HEARTBEAT_STALE_MS = 30_000;

export function createCampaignStore(repos: Repos, now: () => number = Date.now) {
  const rows = repos.execution;
  const extra = (id: number): CampaignExecutionRow => {
    const e = rows.get(id);
    if (!e) throw new Error(`campaign ${id} does not exist`);
    return e;
  };

  function liveOwner(e: CampaignExecutionRow): number | null {
    if (e.executorPid === null || e.executorHeartbeat === null) return null;
    return processAlive(e.executorPid) && now() - e.executorHeartbeat < HEARTBEAT_STALE_MS ? e.executorPid : null;
  }

  const estimateOf = (id: number, e: CampaignExecutionRow) => {
    const est = campaignEstimate(rows.entryEstimates(id), (JSON.parse(e.optionsJson) as Partial<CampaignOptions>).planPace);
    return est ? { estimate: est } : {};
  };

  const store = {
    /** Stores the campaign and its whole plan in one transaction. */
    create: (scenarioId: number, name: string, scenario: Scenario, plan: Plan): number =>
      repos.atomic(() => {
        const id = repos.campaigns.create(scenarioId, name);
        rows.setIdentity(id, plan.seed, JSON.stringify({ ...optionsOf(scenario), planPace: planPaceOf(plan) }));
        const ids = repos.runs.createMany(
          plan.entries.map((e) => ({
            campaignId: id,
            planIndex: e.index,
            platformId: repos.platforms.findByName(e.platform)!.id,
            benchmark: e.benchmark,
            params: e.params,
            repetition: e.repetition,
            nodeCount: e.nodeCount,
          })),
        );
        ids.forEach((runId, i) => rows.setRunIdentity(runId, plan.entries[i]!.estimateSec + (plan.entries[i]!.setupSec ?? 0)));
        return id;
      }),
    /** A new attempt of a run's plan entry, with its own UUID. */
    retry: (runId: number): number =>
      repos.atomic(() => {
        const id = repos.runs.planRetry(runId);
        rows.setRunIdentity(id, null);
        return id;
      }),
    runUuid: (runId: number): string => rows.run(runId)!.uuid,
    runEstimateSec: (runId: number): number | null => rows.run(runId)!.estimateSec,
    runEndpoints: (runId: number): string[] => {
      const r = rows.run(runId);
      return r?.endpointsJson ? (JSON.parse(r.endpointsJson) as string[]) : [];
    },
    setRunEndpoints: (runId: number, hosts: readonly string[]): void => rows.setRunEndpoints(runId, hosts),
    options: (id: number): CampaignOptions => JSON.parse(extra(id).optionsJson) as CampaignOptions,
    paused: (id: number): boolean => extra(id).paused,
    setPaused: (id: number, paused: boolean): void => rows.setPaused(id, paused),
    /** Takes the campaign for this process unless another live one holds it with a fresh heartbeat. */
    claim: (id: number, pid: number = process.pid): { ok: true } | { ok: false; pid: number } =>
      repos.atomic(() => {
        const e = extra(id);
        const t = now();
        if (
          e.executorPid !== null &&
          e.executorPid !== pid &&
          processAlive(e.executorPid) &&
          e.executorHeartbeat !== null &&
          t - e.executorHeartbeat < HEARTBEAT_STALE_MS
        ) {
          return { ok: false as const, pid: e.executorPid };
        }
        rows.setExecutor(id, pid);
        return { ok: true as const };
      }),
    heartbeat: (id: number, pid: number = process.pid): void => rows.heartbeat(id, pid),
    release: (id: number, pid: number = process.pid): void => rows.release(id, pid),
    liveOwner: (id: number): number | null => liveOwner(extra(id)),
    /** Planned runs in plan order (latest attempts only: an older attempt is never planned once retried). */
    queued: (id: number): Run[] => repos.runs.listByCampaign(id).filter((r) => r.state === 'planned'),
    byUuid: (uuid: string): number | undefined => rows.idByUuid(uuid),

    summary(id: number): CampaignSummary {
      const c = repos.campaigns.get(id);
      if (!c) throw new Error(`campaign ${id} does not exist`);
      const e = extra(id);
      const sc = repos.scenarios.get(c.scenarioId)!;
      const attempts = Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as Record<RunStateId, number>;
      for (const r of rows.attemptsByState(id)) attempts[r.state as RunStateId] = r.n;
      const latest = Object.fromEntries(rows.latestByState(id).map((r) => [r.state, r.n]));
      return {
        id,
        uuid: e.uuid,
        name: c.name,
        scenario: sc.name,
        scenarioVersion: sc.version,
        state: c.state,
        paused: e.paused,
        pauseReason: e.paused ? repos.campaignInputs.pauseReason(id) : null,
        executorPid: liveOwner(e),
        seed: e.seed,
        createdAt: c.createdAt,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        planned: rows.plannedEntries(id),
        done: latest['done'] ?? 0,
        failed: (latest['failed'] ?? 0) + (latest['cancelled'] ?? 0),
        attempts,
        ...estimateOf(id, e),
      };
    },
    runInfos(id: number): RunInfo[] {
      const platformNames = new Map(repos.platforms.list().map((p) => [p.id, p.name]));
      return repos.runs.listByCampaign(id).map((r) => ({
        id: r.id,
        uuid: store.runUuid(r.id),
        planIndex: r.planIndex,
        attempt: r.attempt,
        platform: platformNames.get(r.platformId) ?? `#${r.platformId}`,
        benchmark: r.benchmark,
        params: r.params,
        repetition: r.repetition,
        nodeCount: r.nodeCount,
        state: r.state,
        endpoints: store.runEndpoints(r.id),
        remoteRunId: r.remoteRunId,
        jobId: r.jobId,
        nodeList: r.nodeList,
        error: r.error,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
      }));
    },
  };
  return store;
}
export type CampaignStore = ReturnType<typeof createCampaignStore>;
