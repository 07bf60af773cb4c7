// What a campaign was started with (driver, known_hosts, NPB source with its checksum, secret references), so every
// resume uses the same inputs; and why a campaign paused itself (an input gone, a benchmark no endpoint can install).
import type { Migration } from './migration.ts';

export const migration007: Migration = {
  version: 7,
  name: 'campaign-inputs',
  up(db) {
    db.exec(`
CREATE TABLE campaign_inputs (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  json TEXT NOT NULL CHECK (json_valid(json)),   -- main/campaigns/start-inputs.ts StartInputs; references only, never secret values
  recorded_at INTEGER NOT NULL
) STRICT;
ALTER TABLE campaigns ADD COLUMN pause_reason TEXT;   -- set when the executor (not the user) paused it
`);
  },
};
