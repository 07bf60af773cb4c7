// The inputs a campaign was started with (one JSON document, validated by its owner) and why it paused itself.
import type { Database } from 'better-sqlite3';

export function createCampaignInputsRepo(db: Database, now: () => number = Date.now) {
  const get = db.prepare('SELECT json FROM campaign_inputs WHERE campaign_id = ?').pluck();
  const put = db.prepare(`INSERT INTO campaign_inputs (campaign_id, json, recorded_at) VALUES (?, ?, ?)
    ON CONFLICT (campaign_id) DO UPDATE SET json = excluded.json, recorded_at = excluded.recorded_at`);
  const reason = db.prepare('SELECT pause_reason FROM campaigns WHERE id = ?').pluck();
  const setReason = db.prepare('UPDATE campaigns SET pause_reason = ? WHERE id = ?');
  const pauseWith = db.prepare('UPDATE campaigns SET paused = 1, pause_reason = ? WHERE id = ?');
  return {
    /** The stored document (parsed JSON, not yet validated), or undefined for a campaign started before inputs were kept. */
    get: (campaignId: number): unknown => {
      const text = get.get(campaignId) as string | undefined;
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    put: (campaignId: number, inputs: unknown): void => {
      put.run(campaignId, JSON.stringify(inputs), now());
    },
    pauseReason: (campaignId: number): string | null => (reason.get(campaignId) as string | null | undefined) ?? null,
    /** Pauses the campaign and says why, in one statement (other processes see both at once). */
    pauseWith: (campaignId: number, why: string): void => {
      pauseWith.run(why, campaignId);
    },
    clearPauseReason: (campaignId: number): void => {
      setReason.run(null, campaignId);
    },
  };
}
export type CampaignInputsRepo = ReturnType<typeof createCampaignInputsRepo>;
