// Platform providers: each platform names its provider and stores its settings (image, network mode, limits...);
// the resource ledger records every thing a provider makes on a host BEFORE making it, so a teardown after a crash
// (or on cancel, or at the campaign's end) finds and removes it by the runtime's own handle.
import type { Migration } from './migration.ts';

export const migration009: Migration = {
  version: 9,
  name: 'platform-resources',
  up(db) {
    db.exec(`
ALTER TABLE platforms ADD COLUMN provider TEXT;   -- main/platforms/catalog.ts name; NULL: from the technology (native or ssh-guest)
ALTER TABLE platforms ADD COLUMN settings_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings_json));

-- No foreign key to campaigns: what a campaign left on a host must stay known even if the campaign row goes.
CREATE TABLE platform_resources (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL,
  platform TEXT NOT NULL,
  host TEXT NOT NULL,                 -- stored host name the resource lives on
  kind TEXT NOT NULL,                 -- the provider's word: container, network, route, sysctl, image
  handle TEXT NOT NULL,               -- the runtime's own handle (container name, network name, route, sysctl key)
  detail_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail_json)),  -- what teardown needs (a previous value)
  state TEXT NOT NULL CHECK (state IN ('intended', 'created', 'removed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX platform_resources_open ON platform_resources(campaign_id, platform) WHERE state <> 'removed';
`);
  },
};
