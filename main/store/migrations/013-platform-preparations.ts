// How long each platform's preparation took (013): the planner estimates the next preparation of the same platform
// from these (a TCG VM boot took minutes where the provider's own estimate said seconds). One row per preparation
// that ended ready; the settings and host count are kept so a changed platform is not estimated from another's past.
import type { Migration } from './migration.ts';

export const migration013: Migration = {
  version: 13,
  name: 'platform-preparations',
  up(db) {
    db.exec(`
CREATE TABLE platform_preparations (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL,
  platform TEXT NOT NULL,
  provider TEXT NOT NULL,
  settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
  host_count INTEGER NOT NULL,
  seconds REAL NOT NULL CHECK (seconds >= 0),
  finished_at INTEGER NOT NULL
) STRICT;
CREATE INDEX platform_preparations_newest ON platform_preparations(platform, finished_at);
`);
  },
};
