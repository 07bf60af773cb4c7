// Small questions the results handlers ask of a results source (the live database or a loaded bundle).
import type { Database } from 'better-sqlite3';

export function campaignExists(db: Database, campaignId: number): boolean {
  return db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId) !== undefined;
}

export function campaignCount(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM campaigns').get() as { n: number }).n;
}
