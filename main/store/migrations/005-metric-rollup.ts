// Per-group moments of finished runs, kept up to date by triggers, so that comparing platforms over a campaign of a
// million values reads a few thousand rows instead of scanning them all.
//
// Incremental paths (cheap, the normal flow): a run turning 'done' adds its metrics; a metric inserted for a run
// already 'done' adds itself. Anything that would need subtracting (a done run deleted, re-keyed or leaving 'done', a
// metric of a done run updated or deleted) marks the campaign stale instead, and the next aggregate read rebuilds
// that campaign's rollup from the metrics (see queries/comparison.ts). Min/max cannot be un-merged, hence no decrements.
import type { Migration } from './migration.ts';

const ADD_RUN = `INSERT INTO metric_rollup (campaign_id, platform_id, benchmark, metric, point, node_count, unit, better, n, sum, sum_sq, min, max)
    SELECT NEW.campaign_id, NEW.platform_id, NEW.benchmark, m.name, m.point, NEW.node_count, m.unit, m.better, 1, m.value, m.value * m.value, m.value, m.value
    FROM metrics m WHERE m.run_id = NEW.id
    ON CONFLICT DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum, sum_sq = sum_sq + excluded.sum_sq,
      min = min(min, excluded.min), max = max(max, excluded.max)`;

export const migration005: Migration = {
  version: 5,
  name: 'metric-rollup',
  up(db) {
    db.exec(`
CREATE TABLE metric_rollup (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  platform_id INTEGER NOT NULL,
  benchmark TEXT NOT NULL,
  metric TEXT NOT NULL,
  point TEXT NOT NULL,
  node_count INTEGER NOT NULL,
  unit TEXT NOT NULL,
  better TEXT NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  sum_sq REAL NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  PRIMARY KEY (campaign_id, benchmark, metric, platform_id, point, node_count, unit, better)
) STRICT, WITHOUT ROWID;

-- Campaigns whose rollup must be rebuilt before it is read. No foreign key: rows are written while a campaign's runs
-- are being cascade-deleted, and a marker for a deleted campaign is harmless (the rebuild finds nothing).
CREATE TABLE metric_rollup_stale (campaign_id INTEGER PRIMARY KEY) STRICT;

CREATE TRIGGER metric_rollup_run_done AFTER UPDATE OF state ON runs
  WHEN NEW.state = 'done' AND OLD.state IS NOT 'done'
BEGIN
  ${ADD_RUN};
END;

CREATE TRIGGER metric_rollup_run_changed AFTER UPDATE OF campaign_id, platform_id, benchmark, node_count, state ON runs
  WHEN OLD.state = 'done' AND (NEW.state IS NOT 'done' OR NEW.campaign_id <> OLD.campaign_id OR NEW.platform_id <> OLD.platform_id
    OR NEW.benchmark <> OLD.benchmark OR NEW.node_count <> OLD.node_count)
BEGIN
  INSERT OR IGNORE INTO metric_rollup_stale (campaign_id) VALUES (OLD.campaign_id), (NEW.campaign_id);
END;

CREATE TRIGGER metric_rollup_run_deleted AFTER DELETE ON runs WHEN OLD.state = 'done'
BEGIN
  INSERT OR IGNORE INTO metric_rollup_stale (campaign_id) VALUES (OLD.campaign_id);
END;

CREATE TRIGGER metric_rollup_metric_added AFTER INSERT ON metrics
  WHEN (SELECT state FROM runs WHERE id = NEW.run_id) = 'done'
BEGIN
  INSERT INTO metric_rollup (campaign_id, platform_id, benchmark, metric, point, node_count, unit, better, n, sum, sum_sq, min, max)
    SELECT r.campaign_id, r.platform_id, r.benchmark, NEW.name, NEW.point, r.node_count, NEW.unit, NEW.better, 1, NEW.value, NEW.value * NEW.value, NEW.value, NEW.value
    FROM runs r WHERE r.id = NEW.run_id
    ON CONFLICT DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum, sum_sq = sum_sq + excluded.sum_sq,
      min = min(min, excluded.min), max = max(max, excluded.max);
END;

CREATE TRIGGER metric_rollup_metric_changed AFTER UPDATE ON metrics
  WHEN (SELECT state FROM runs WHERE id = OLD.run_id) = 'done' OR (SELECT state FROM runs WHERE id = NEW.run_id) = 'done'
BEGIN
  INSERT OR IGNORE INTO metric_rollup_stale (campaign_id) SELECT campaign_id FROM runs WHERE id IN (OLD.run_id, NEW.run_id);
END;

CREATE TRIGGER metric_rollup_metric_deleted AFTER DELETE ON metrics
  WHEN (SELECT state FROM runs WHERE id = OLD.run_id) = 'done'
BEGIN
  INSERT OR IGNORE INTO metric_rollup_stale (campaign_id) SELECT campaign_id FROM runs WHERE id = OLD.run_id;
END;

-- Databases that already hold finished runs get their rollup now.
INSERT INTO metric_rollup_stale (campaign_id) SELECT id FROM campaigns;
`);
  },
};
