// Parsed metrics and compressed raw logs of runs.
import type { Migration } from './migration.ts';

export const migration003: Migration = {
  version: 3,
  name: 'results',
  up(db) {
    db.exec(`
-- Clustered by (run_id, name, point): one value per metric and point in a run, and the comparison query
-- reaches every value of a campaign's runs through this key alone, with no secondary index to maintain.
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,                   -- e.g. 'latency_us', 'bandwidth_mbps', 'write_kbps', 'time_s'
  point TEXT NOT NULL DEFAULT '',       -- the x of the measurement: message size, file size, kernel...
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  better TEXT NOT NULL CHECK (better IN ('lower', 'higher')),
  PRIMARY KEY (run_id, name, point)
) STRICT, WITHOUT ROWID;

CREATE TABLE raw_logs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  stream TEXT NOT NULL,                 -- 'stdout', 'stderr', 'install', ...
  encoding TEXT NOT NULL DEFAULT 'deflate' CHECK (encoding IN ('deflate')),
  data BLOB NOT NULL,
  size INTEGER NOT NULL,                -- bytes before compression
  sha256 TEXT NOT NULL,                 -- of the uncompressed bytes
  created_at INTEGER NOT NULL,
  UNIQUE (run_id, stream)
) STRICT;
`);
  },
};
