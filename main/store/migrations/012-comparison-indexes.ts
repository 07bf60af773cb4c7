// Indexes the Compare page's small questions answer from (012). Without them, which benchmarks and platforms a
// campaign has runs of read every run of the campaign (a DISTINCT over runs_for_comparison), and its failed runs were
// found by reading every run's row in plan order: at 10,000 runs a few milliseconds each, on every Compare call.
// - (campaign_id, benchmark) and (campaign_id, platform_id): the distinct values are found by skipping from one to the
//   next (queries/comparison.ts), a few index probes per campaign;
// - failed runs: a partial index over only the runs that ended without a result, in plan order.
import type { Migration } from './migration.ts';

export const migration012: Migration = {
  version: 12,
  name: 'comparison-indexes',
  up(db) {
    db.exec(`
CREATE INDEX runs_by_campaign_benchmark ON runs(campaign_id, benchmark);
CREATE INDEX runs_by_campaign_platform ON runs(campaign_id, platform_id);
CREATE INDEX runs_failed ON runs(campaign_id, plan_index, attempt) WHERE state IN ('failed', 'interrupted', 'cancelled');
`);
  },
};
