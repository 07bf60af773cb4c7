// Runs of a campaign and their state history. Every state change is written with its transition row in one transaction.
import type { Database, Statement } from 'better-sqlite3';
import { canTransition, ACTIVE_RUN_STATES, TERMINAL_RUN_STATES, type RunState } from '../run-states.ts';

export interface NewRun {
  campaignId: number;
  planIndex: number;
  platformId: number;
  benchmark: string;
  params?: Record<string, unknown>;
  repetition?: number;
  nodeCount?: number;
  attempt?: number;
}

export interface Run {
  id: number;
  campaignId: number;
  planIndex: number;
  platformId: number;
  benchmark: string;
  params: Record<string, unknown>;
  repetition: number;
  nodeCount: number;
  state: RunState;
  attempt: number;
  remoteRunId: string | null;
  factsSnapshotId: number | null;
  command: string[] | null;
  benchmarkVersion: string | null;
  compilerVersion: string | null;
  startedAt: number | null;
  endedAt: number | null;
  error: string | null;
  /** The job's exit status, set when its output was collected (null: none, or not collected yet). */
  exitCode: number | null;
  /** The execution backend's job id (Slurm's), when the backend has one. */
  jobId: string | null;
  /** The nodes the job got, as the backend names them (SLURM_JOB_NODELIST). */
  nodeList: string | null;
}

/** Fields a transition may set along with the new state. */
export interface RunPatch {
  remoteRunId?: string | null;
  factsSnapshotId?: number | null;
  command?: string[] | null;
  benchmarkVersion?: string | null;
  compilerVersion?: string | null;
  error?: string | null;
  exitCode?: number | null;
  /** Free text stored on the transition row only (why it happened). */
  detail?: string;
}

export interface RunTransition {
  id: number;
  runId: number;
  fromState: RunState | null;
  toState: RunState;
  at: number;
  detail: string | null;
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly runId: number,
    readonly from: RunState,
    readonly to: RunState,
  ) {
    super(`run ${runId} cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

interface RunRow {
  id: number;
  campaign_id: number;
  plan_index: number;
  platform_id: number;
  benchmark: string;
  params_json: string;
  repetition: number;
  node_count: number;
  state: RunState;
  attempt: number;
  remote_run_id: string | null;
  facts_snapshot_id: number | null;
  command: string | null;
  benchmark_version: string | null;
  compiler_version: string | null;
  started_at: number | null;
  ended_at: number | null;
  error: string | null;
  exit_code: number | null;
  job_id: string | null;
  node_list: string | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  campaignId: r.campaign_id,
  planIndex: r.plan_index,
  platformId: r.platform_id,
  benchmark: r.benchmark,
  params: JSON.parse(r.params_json) as Record<string, unknown>,
  repetition: r.repetition,
  nodeCount: r.node_count,
  state: r.state,
  attempt: r.attempt,
  remoteRunId: r.remote_run_id,
  factsSnapshotId: r.facts_snapshot_id,
  command: r.command === null ? null : (JSON.parse(r.command) as string[]),
  benchmarkVersion: r.benchmark_version,
  compilerVersion: r.compiler_version,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  error: r.error,
  exitCode: r.exit_code,
  jobId: r.job_id,
  nodeList: r.node_list,
});

const inList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

export function createRunsRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare(`INSERT INTO runs (campaign_id, plan_index, platform_id, benchmark, params_json, repetition, node_count, attempt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTransition = db.prepare('INSERT INTO run_transitions (run_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?') as Statement<[number], RunRow>;
  const byCampaign = db.prepare('SELECT * FROM runs WHERE campaign_id = ? ORDER BY plan_index, attempt') as Statement<[number], RunRow>;
  const byRemote = db.prepare('SELECT * FROM runs WHERE remote_run_id = ?') as Statement<[string], RunRow>;
  const active = db.prepare(`SELECT * FROM runs WHERE state IN (${inList(ACTIVE_RUN_STATES)}) ORDER BY id`) as Statement<[], RunRow>;
  const history = db.prepare('SELECT * FROM run_transitions WHERE run_id = ? ORDER BY id') as Statement<
    [number],
    {
      id: number;
      run_id: number;
      from_state: RunState | null;
      to_state: RunState;
      at: number;
      detail: string | null;
    }
  >;
  const update = db.prepare(`UPDATE runs SET state = @state,
      remote_run_id = CASE WHEN @setRemote THEN @remoteRunId ELSE remote_run_id END,
      facts_snapshot_id = CASE WHEN @setFacts THEN @factsSnapshotId ELSE facts_snapshot_id END,
      command = CASE WHEN @setCommand THEN @command ELSE command END,
      benchmark_version = CASE WHEN @setBench THEN @benchmarkVersion ELSE benchmark_version END,
      compiler_version = CASE WHEN @setCompiler THEN @compilerVersion ELSE compiler_version END,
      error = CASE WHEN @setError THEN @error ELSE error END,
      exit_code = CASE WHEN @setExit THEN @exitCode ELSE exit_code END,
      started_at = CASE WHEN @started AND started_at IS NULL THEN @at ELSE started_at END,
      ended_at = CASE WHEN @ended THEN @at ELSE ended_at END
    WHERE id = @id AND state = @from`);

  const provenance = db.prepare(`UPDATE runs SET facts_snapshot_id = coalesce(@factsSnapshotId, facts_snapshot_id),
      command = coalesce(@command, command), benchmark_version = coalesce(@benchmarkVersion, benchmark_version),
      compiler_version = coalesce(@compilerVersion, compiler_version) WHERE id = @id`);

  const job = db.prepare('UPDATE runs SET job_id = coalesce(@jobId, job_id), node_list = coalesce(@nodeList, node_list) WHERE id = @id');

  const createMany = db.transaction((runs: readonly NewRun[]): number[] => {
    const at = now();
    return runs.map((r) => {
      const id = Number(
        insert.run(r.campaignId, r.planIndex, r.platformId, r.benchmark, JSON.stringify(r.params ?? {}), r.repetition ?? 0, r.nodeCount ?? 1, r.attempt ?? 1)
          .lastInsertRowid,
      );
      insertTransition.run(id, null, 'planned', at, null);
      return id;
    });
  });

  const transition = db.transaction((id: number, to: RunState, patch: RunPatch = {}): Run => {
    const row = byId.get(id);
    if (!row) throw new Error(`run ${id} does not exist`);
    if (!canTransition(row.state, to)) throw new IllegalTransitionError(id, row.state, to);
    const at = now();
    const has = (k: keyof RunPatch) => (Object.prototype.hasOwnProperty.call(patch, k) ? 1 : 0);
    update.run({
      id,
      from: row.state,
      state: to,
      at,
      setRemote: has('remoteRunId'),
      remoteRunId: patch.remoteRunId ?? null,
      setFacts: has('factsSnapshotId'),
      factsSnapshotId: patch.factsSnapshotId ?? null,
      setCommand: has('command'),
      command: patch.command ? JSON.stringify(patch.command) : null,
      setBench: has('benchmarkVersion'),
      benchmarkVersion: patch.benchmarkVersion ?? null,
      setCompiler: has('compilerVersion'),
      compilerVersion: patch.compilerVersion ?? null,
      setError: has('error'),
      error: patch.error ?? null,
      setExit: has('exitCode'),
      exitCode: patch.exitCode ?? null,
      started: to === 'running' ? 1 : 0,
      ended: TERMINAL_RUN_STATES.includes(to) ? 1 : 0,
    });
    insertTransition.run(id, row.state, to, at, patch.detail ?? null);
    return toRun(byId.get(id)!);
  });

  return {
    create: (run: NewRun): number => createMany([run])[0]!,
    /** All in one transaction: a campaign's plan is stored whole or not at all. */
    createMany: (runs: readonly NewRun[]): number[] => createMany.immediate(runs),
    get: (id: number): Run | undefined => {
      const r = byId.get(id);
      return r ? toRun(r) : undefined;
    },
    listByCampaign: (campaignId: number): Run[] => byCampaign.all(campaignId).map(toRun),
    findByRemoteRunId: (remoteRunId: string): Run | undefined => {
      const r = byRemote.get(remoteRunId);
      return r ? toRun(r) : undefined;
    },
    /** Runs that may still have a live remote process (to reattach or mark interrupted after a restart). */
    listActive: (): Run[] => active.all().map(toRun),
    transition: (id: number, to: RunState, patch?: RunPatch): Run => transition.immediate(id, to, patch),
    /** Provenance learnt while the run is under way (the exact command, versions, facts); no state change. */
    recordProvenance: (id: number, p: { factsSnapshotId?: number; command?: string[]; benchmarkVersion?: string; compilerVersion?: string }): void => {
      provenance.run({
        id,
        factsSnapshotId: p.factsSnapshotId ?? null,
        command: p.command ? JSON.stringify(p.command) : null,
        benchmarkVersion: p.benchmarkVersion ?? null,
        compilerVersion: p.compilerVersion ?? null,
      });
    },
    /** The backend's job id (at submission) and the nodes it got (once known); no state change. */
    recordJob: (id: number, j: { jobId?: string; nodeList?: string }): void => {
      job.run({ id, jobId: j.jobId ?? null, nodeList: j.nodeList ?? null });
    },
    /** A new attempt of the same plan entry, in state planned; the old row keeps its history. */
    planRetry: (id: number): number => {
      const r = byId.get(id);
      if (!r) throw new Error(`run ${id} does not exist`);
      const last = db.prepare('SELECT MAX(attempt) AS a FROM runs WHERE campaign_id = ? AND plan_index = ?').get(r.campaign_id, r.plan_index) as { a: number };
      return createMany([
        {
          campaignId: r.campaign_id,
          planIndex: r.plan_index,
          platformId: r.platform_id,
          benchmark: r.benchmark,
          params: JSON.parse(r.params_json) as Record<string, unknown>,
          repetition: r.repetition,
          nodeCount: r.node_count,
          attempt: last.a + 1,
        },
      ])[0]!;
    },
    transitions: (runId: number): RunTransition[] =>
      history.all(runId).map((t) => ({
        id: t.id,
        runId: t.run_id,
        fromState: t.from_state,
        toState: t.to_state,
        at: t.at,
        detail: t.detail,
      })),
  };
}
export type RunsRepo = ReturnType<typeof createRunsRepo>;
