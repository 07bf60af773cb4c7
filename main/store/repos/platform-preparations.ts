// How long platforms' preparations took (migration 013), for the planner's estimate of the next one.
import type { Database } from 'better-sqlite3';

export interface PlatformPreparation {
  campaignId: number;
  platform: string;
  provider: string;
  settings: Record<string, unknown>;
  hostCount: number;
  seconds: number;
}

export interface PastPreparation {
  platform: string;
  provider: string;
  settingsJson: string;
  hostCount: number;
  seconds: number;
}

export function createPlatformPreparationsRepo(db: Database, now: () => number) {
  const insert = db.prepare(`INSERT INTO platform_preparations (campaign_id, platform, provider, settings_json, host_count, seconds, finished_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const newest = db.prepare(`SELECT platform, provider, settings_json AS settingsJson, host_count AS hostCount, seconds
    FROM platform_preparations ORDER BY finished_at DESC, id DESC LIMIT ?`);
  return {
    record(p: PlatformPreparation): void {
      insert.run(p.campaignId, p.platform, p.provider, JSON.stringify(p.settings), p.hostCount, p.seconds, now());
    },
    /** The newest preparations of every platform, newest first; `limit` bounds the rows read. */
    newest(limit = 2000): PastPreparation[] {
      return newest.all(limit) as PastPreparation[];
    },
  };
}
