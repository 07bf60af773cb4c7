// Small questions the results handlers ask of a results source (the live database or a loaded bundle).
import type { Database } from 'better-sqlite3';

export function campaignExists(db: Database, campaignId: number): boolean {
  return db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId) !== undefined;
}

export function campaignCount(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM campaigns').get() as { n: number }).n;
}

/** The campaign the Compare page opens on: the newest with a finished run, else the newest (the order of
 * results.campaigns' list is newest first); undefined when there is none. */
export function latestResultsCampaign(db: Database): number | undefined {
  const done = db
    .prepare("SELECT c.id FROM campaigns c WHERE EXISTS (SELECT 1 FROM runs r WHERE r.campaign_id = c.id AND r.state = 'done') ORDER BY c.id DESC LIMIT 1")
    .pluck()
    .get() as number | undefined;
  return done ?? (db.prepare('SELECT max(id) FROM campaigns').pluck().get() as number | null) ?? undefined;
}
