// Facts belong to a host before it joins any platform (the Lab page probes on add), so they get a table keyed by host.
// facts_snapshots stays as the per-run provenance that runs point at.
import type { Migration } from './migration.ts';

export const migration006: Migration = {
  version: 6,
  name: 'host-facts',
  up(db) {
    db.exec(`
CREATE TABLE host_facts (
  id INTEGER PRIMARY KEY,
  host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
  taken_at INTEGER NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json))
) STRICT;
CREATE INDEX host_facts_by_host ON host_facts(host_id, taken_at);
`);
  },
};
