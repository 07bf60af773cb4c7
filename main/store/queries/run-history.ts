// How long earlier runs took, for the planner: each finished measured run's wall time from the moment the executor
// took it up (its first move to installing or running) to the moment it was stored, newest first, per platform.
import type { Database } from 'better-sqlite3';

export interface RunDuration {
  platform: string;
  benchmark: string;
  paramsJson: string;
  sec: number;
}

/** Finished runs (not warm-ups), newest first; `limit` bounds the rows read on a large store. */
export function finishedRunDurations(db: Database, limit = 20_000): RunDuration[] {
  return db
    .prepare(
      `SELECT p.name AS platform, r.benchmark AS benchmark, r.params_json AS paramsJson,
      (r.ended_at - (SELECT MIN(t.at) FROM run_transitions t WHERE t.run_id = r.id AND t.to_state IN ('installing', 'running'))) / 1000.0 AS sec
    FROM runs r JOIN platforms p ON p.id = r.platform_id
    WHERE r.state = 'done' AND r.repetition >= 0 AND r.ended_at IS NOT NULL
    ORDER BY r.ended_at DESC, r.id DESC LIMIT ?`,
    )
    .all(limit) as RunDuration[];
}
