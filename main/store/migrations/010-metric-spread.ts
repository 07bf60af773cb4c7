// The run-to-run spread (quartiles and coefficient of variation) of each rollup group, remembered once computed from
// the group's values. It is valid while spread_n equals the group's n: every value the triggers add raises n, and any
// other change marks the campaign stale, whose rebuild starts the rows afresh (spread_n NULL). Quartiles cannot be
// kept incrementally like sums; this turns the Compare page's box plots from a read of every raw value into a read of
// the rollup, after the first look at a metric.
import type { Migration } from './migration.ts';

export const migration010: Migration = {
  version: 10,
  name: 'metric-spread',
  up(db) {
    db.exec(`
ALTER TABLE metric_rollup ADD COLUMN spread_n INTEGER;
ALTER TABLE metric_rollup ADD COLUMN q1 REAL;
ALTER TABLE metric_rollup ADD COLUMN median REAL;
ALTER TABLE metric_rollup ADD COLUMN q3 REAL;
ALTER TABLE metric_rollup ADD COLUMN cv REAL;
`);
  },
};
