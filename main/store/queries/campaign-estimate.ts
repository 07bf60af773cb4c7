// What a campaign's remaining time is computed from: the latest attempt of every plan entry with its state, its
// estimate (setup charged to it included), when the executor took it up and when it ended.
import type { Database } from 'better-sqlite3';

export interface EntryEstimate {
  state: string;
  estimateSec: number | null;
  startedAt: number | null;
  endedAt: number | null;
}

export function entryEstimates(db: Database, campaignId: number): EntryEstimate[] {
  return db
    .prepare(
      `SELECT r.state AS state, r.estimate_sec AS estimateSec,
      (SELECT MIN(t.at) FROM run_transitions t WHERE t.run_id = r.id AND t.to_state IN ('installing', 'running')) AS startedAt
      , r.ended_at AS endedAt
    FROM runs r WHERE r.campaign_id = ?
      AND r.attempt = (SELECT MAX(x.attempt) FROM runs x WHERE x.campaign_id = r.campaign_id AND x.plan_index = r.plan_index)
    ORDER BY r.plan_index`,
    )
    .all(campaignId) as EntryEstimate[];
}
