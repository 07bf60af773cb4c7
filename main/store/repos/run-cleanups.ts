// Runs whose remote leftovers are still to be removed (migration 014): due with the run's output, done once removed.
import type { Database } from 'better-sqlite3';

export function createRunCleanupsRepo(db: Database, now: () => number) {
  const insert = db.prepare('INSERT OR IGNORE INTO run_cleanups (run_id, due_at) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM run_cleanups WHERE run_id = ?');
  const ofCampaign = db.prepare('SELECT c.run_id FROM run_cleanups c JOIN runs r ON r.id = c.run_id WHERE r.campaign_id = ? ORDER BY c.run_id').pluck();
  return {
    /** The run left something on its endpoints that must go (idempotent). */
    due(runId: number): void {
      insert.run(runId, now());
    },
    /** What the run left is gone. */
    done(runId: number): void {
      remove.run(runId);
    },
    /** The campaign's runs whose leftovers are still due, by id. */
    dueIn(campaignId: number): number[] {
      return ofCampaign.all(campaignId) as number[];
    },
  };
}
