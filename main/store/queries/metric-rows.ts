// Metrics of campaigns as flat rows, for CSV and JSON export: one row per value, with its run's context.
import type { Database } from 'better-sqlite3';

export interface MetricExportRow {
  campaign: string;
  campaignName: string;
  platform: string;
  technology: string;
  benchmark: string;
  params: string;
  repetition: number;
  nodeCount: number;
  attempt: number;
  run: string;
  metric: string;
  point: string;
  value: number;
  unit: string;
  better: string;
}

export function metricRows(db: Database, campaignUuids?: readonly string[]): MetricExportRow[] {
  const rows = db
    .prepare(
      `SELECT c.uuid AS campaign, c.name AS campaignName, p.name AS platform, p.technology, r.benchmark, r.params_json AS params,
      r.repetition, r.node_count AS nodeCount, r.attempt, r.uuid AS run, m.name AS metric, m.point, m.value, m.unit, m.better
    FROM metrics m JOIN runs r ON r.id = m.run_id JOIN campaigns c ON c.id = r.campaign_id JOIN platforms p ON p.id = r.platform_id
    WHERE r.state = 'done' ORDER BY c.id, r.plan_index, r.attempt, m.name, m.point`,
    )
    .all() as MetricExportRow[];
  return campaignUuids ? rows.filter((r) => campaignUuids.includes(r.campaign)) : rows;
}
