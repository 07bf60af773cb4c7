// What adaptive repetitions read and write: a campaign's runs grouped into points with the values of their measured
// runs, and a new round of a point appended to the plan. The append re-checks, inside its transaction, that the
// round is not there yet: a decision made twice (two hooks, a crash and a resume) queues the round once.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface PointRun {
  id: number;
  planIndex: number;
  attempt: number;
  platform: string;
  platformId: number;
  benchmark: string;
  paramsJson: string;
  nodeCount: number;
  repetition: number;
  state: string;
  estimateSec: number | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface RunValue {
  runId: number;
  metric: string;
  point: string;
  value: number;
}

export interface CampaignDefinition {
  scenarioJson: string;
  seed: number | null;
  state: string;
}

export function campaignDefinition(db: Database, campaignId: number): CampaignDefinition {
  const row = db
    .prepare('SELECT s.json AS scenarioJson, c.seed AS seed, c.state AS state FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id = ?')
    .get(campaignId) as CampaignDefinition | undefined;
  if (!row) throw new Error(`campaign ${campaignId} does not exist`);
  return row;
}

/** Every run attempt of the campaign, in plan order. */
export function pointRuns(db: Database, campaignId: number): PointRun[] {
  return db
    .prepare(
      `SELECT r.id AS id, r.plan_index AS planIndex, r.attempt AS attempt, p.name AS platform, r.platform_id AS platformId,
      r.benchmark AS benchmark, r.params_json AS paramsJson, r.node_count AS nodeCount, r.repetition AS repetition, r.state AS state,
      r.estimate_sec AS estimateSec, r.started_at AS startedAt, r.ended_at AS endedAt
    FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? ORDER BY r.plan_index, r.attempt`,
    )
    .all(campaignId) as PointRun[];
}

/** Metric values of the campaign's finished measured runs (warm-ups store none). */
export function measuredValues(db: Database, campaignId: number): RunValue[] {
  return db
    .prepare(
      `SELECT m.run_id AS runId, m.name AS metric, m.point AS point, m.value AS value FROM runs r JOIN metrics m ON m.run_id = r.id
    WHERE r.campaign_id = ? AND r.state = 'done' AND r.repetition >= 0 ORDER BY r.plan_index, m.name, m.point`,
    )
    .all(campaignId) as RunValue[];
}

export interface RoundEntry {
  platformId: number;
  estimateSec: number | null;
}

/**
 * Appends round `repetition` of the point (benchmark, params, node count): one run per entry, in the given order,
 * after the last plan index. Returns the new runs' plan indexes, or [] when the round is already planned.
 */
export function appendRound(
  db: Database,
  campaignId: number,
  point: { benchmark: string; paramsJson: string; nodeCount: number },
  repetition: number,
  entries: readonly RoundEntry[],
  now: number,
): number[] {
  const exists = db.prepare('SELECT 1 FROM runs WHERE campaign_id = ? AND benchmark = ? AND params_json = ? AND node_count = ? AND repetition = ? LIMIT 1');
  const last = db.prepare('SELECT COALESCE(MAX(plan_index), -1) AS n FROM runs WHERE campaign_id = ?');
  const insert =
    db.prepare(`INSERT INTO runs (campaign_id, plan_index, platform_id, benchmark, params_json, repetition, node_count, attempt, uuid, estimate_sec)
    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
  const transition = db.prepare("INSERT INTO run_transitions (run_id, from_state, to_state, at, detail) VALUES (?, NULL, 'planned', ?, ?)");
  return db
    .transaction((): number[] => {
      if (exists.get(campaignId, point.benchmark, point.paramsJson, point.nodeCount, repetition)) return [];
      let index = (last.get(campaignId) as { n: number }).n;
      return entries.map((e) => {
        index += 1;
        const id = Number(
          insert.run(campaignId, index, e.platformId, point.benchmark, point.paramsJson, repetition, point.nodeCount, randomUUID(), e.estimateSec)
            .lastInsertRowid,
        );
        transition.run(id, now, `adaptive repetition ${repetition + 1}`);
        return index;
      });
    })
    .immediate();
}
