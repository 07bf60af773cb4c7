// The executor's side of the campaigns and runs rows (migration 004): UUIDs, options, pause, which process executes a
// campaign and its heartbeat, which endpoints a run holds, and the counts a campaign's summary shows.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { entryEstimates, type EntryEstimate } from '../queries/campaign-estimate.ts';

export interface CampaignExecutionRow {
  uuid: string;
  paused: boolean;
  seed: number | null;
  optionsJson: string;
  executorPid: number | null;
  executorHeartbeat: number | null;
}
export interface RunExecutionRow {
  uuid: string;
  endpointsJson: string | null;
  estimateSec: number | null;
}
export interface StateCount {
  state: string;
  n: number;
}

export function createCampaignExecutionRepo(db: Database, now: () => number = Date.now) {
  const row = db.prepare(`SELECT uuid, paused, seed, options_json AS optionsJson, executor_pid AS executorPid, executor_heartbeat AS executorHeartbeat
    FROM campaigns WHERE id = ?`);
  const setIdentity = db.prepare('UPDATE campaigns SET uuid = ?, seed = ?, options_json = ? WHERE id = ?');
  const setRunUuid = db.prepare('UPDATE runs SET uuid = ?, estimate_sec = COALESCE(?, estimate_sec) WHERE id = ?');
  const runRow = db.prepare('SELECT uuid, endpoints_json AS endpointsJson, estimate_sec AS estimateSec FROM runs WHERE id = ?');
  const setEndpoints = db.prepare('UPDATE runs SET endpoints_json = ? WHERE id = ?');
  const setPaused = db.prepare('UPDATE campaigns SET paused = ? WHERE id = ?');
  const setExecutor = db.prepare('UPDATE campaigns SET executor_pid = ?, executor_heartbeat = ? WHERE id = ?');
  const heartbeat = db.prepare('UPDATE campaigns SET executor_heartbeat = ? WHERE id = ? AND executor_pid = ?');
  const release = db.prepare('UPDATE campaigns SET executor_pid = NULL, executor_heartbeat = NULL WHERE id = ? AND executor_pid = ?');
  const byUuid = db.prepare('SELECT id FROM campaigns WHERE uuid = ?');
  const countsBy = db.prepare('SELECT state, COUNT(*) AS n FROM runs WHERE campaign_id = ? GROUP BY state');
  // Latest attempt of every plan entry.
  const latestStates = db.prepare(`SELECT r.state AS state, COUNT(*) AS n FROM runs r WHERE r.campaign_id = ?
    AND r.attempt = (SELECT MAX(attempt) FROM runs x WHERE x.campaign_id = r.campaign_id AND x.plan_index = r.plan_index) GROUP BY r.state`);
  const planned = db.prepare('SELECT COUNT(DISTINCT plan_index) AS n FROM runs WHERE campaign_id = ?');
  const scenarioUuid = db.prepare('SELECT uuid FROM scenarios WHERE id = ?').pluck();
  const setScenarioUuid = db.prepare('UPDATE scenarios SET uuid = ? WHERE id = ?');

  return {
    get(id: number): CampaignExecutionRow | undefined {
      const r = row.get(id) as (Omit<CampaignExecutionRow, 'paused'> & { paused: number }) | undefined;
      return r && { ...r, paused: r.paused === 1 };
    },
    /** A new campaign's UUID, plan seed and options. */
    setIdentity: (id: number, seed: number | null, optionsJson: string): void => {
      setIdentity.run(randomUUID(), seed, optionsJson, id);
    },
    /** A new run attempt's UUID (and its estimate, when given). */
    setRunIdentity: (runId: number, estimateSec: number | null): void => {
      setRunUuid.run(randomUUID(), estimateSec, runId);
    },
    run: (runId: number): RunExecutionRow | undefined => runRow.get(runId) as RunExecutionRow | undefined,
    setRunEndpoints: (runId: number, hosts: readonly string[]): void => {
      setEndpoints.run(JSON.stringify(hosts), runId);
    },
    setPaused: (id: number, paused: boolean): void => {
      setPaused.run(paused ? 1 : 0, id);
    },
    setExecutor: (id: number, pid: number): void => {
      setExecutor.run(pid, now(), id);
    },
    heartbeat: (id: number, pid: number): void => {
      heartbeat.run(now(), id, pid);
    },
    release: (id: number, pid: number): void => {
      release.run(id, pid);
    },
    idByUuid: (uuid: string): number | undefined => (byUuid.get(uuid) as { id: number } | undefined)?.id,
    /** Every attempt of the campaign, counted by state. */
    attemptsByState: (id: number): StateCount[] => countsBy.all(id) as StateCount[],
    /** The latest attempt of every plan entry, counted by state. */
    latestByState: (id: number): StateCount[] => latestStates.all(id) as StateCount[],
    plannedEntries: (id: number): number => (planned.get(id) as { n: number }).n,
    /** The latest attempt of every plan entry with its estimate and start, for the remaining time. */
    entryEstimates: (id: number): EntryEstimate[] => entryEstimates(db, id),
    /** Scenarios saved before UUIDs existed get one when a campaign of them is created (bundles match by it). */
    ensureScenarioUuid(scenarioId: number): void {
      if (!scenarioUuid.get(scenarioId)) setScenarioUuid.run(randomUUID(), scenarioId);
    },
  };
}
export type CampaignExecutionRepo = ReturnType<typeof createCampaignExecutionRepo>;
