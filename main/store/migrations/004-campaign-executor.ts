// What the campaign executor and the results exchange need beyond 002: stable UUIDs (so merged bundles do not
// duplicate), the plan's seed and options, the endpoints a run held, pause, and which process owns a campaign.
import type { Migration } from './migration.ts';

// A random RFC 4122 version-4 UUID computed by SQLite, for rows that existed before this migration.
const UUID_SQL = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

export const migration004: Migration = {
  version: 4,
  name: 'campaign-executor',
  up(db) {
    db.exec(`
ALTER TABLE campaigns ADD COLUMN uuid TEXT;
ALTER TABLE campaigns ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
ALTER TABLE campaigns ADD COLUMN seed INTEGER;                        -- randomized run order: the seed actually used
ALTER TABLE campaigns ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options_json));
ALTER TABLE campaigns ADD COLUMN executor_pid INTEGER;                -- process currently executing it, if any
ALTER TABLE campaigns ADD COLUMN executor_heartbeat INTEGER;          -- last sign of life of that process (epoch ms)
UPDATE campaigns SET uuid = ${UUID_SQL} WHERE uuid IS NULL;
CREATE UNIQUE INDEX campaigns_by_uuid ON campaigns(uuid);

ALTER TABLE runs ADD COLUMN uuid TEXT;
ALTER TABLE runs ADD COLUMN endpoints_json TEXT CHECK (endpoints_json IS NULL OR json_valid(endpoints_json));  -- host names held, rank order
ALTER TABLE runs ADD COLUMN estimate_sec REAL;
UPDATE runs SET uuid = ${UUID_SQL} WHERE uuid IS NULL;
CREATE UNIQUE INDEX runs_by_uuid ON runs(uuid);

ALTER TABLE scenarios ADD COLUMN uuid TEXT;
UPDATE scenarios SET uuid = ${UUID_SQL} WHERE uuid IS NULL;
CREATE UNIQUE INDEX scenarios_by_uuid ON scenarios(uuid);
`);
  },
};
