// Metrics of campaigns as flat rows, for CSV and JSON: one row per value, with its run's context.
import { writeFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export interface MetricExportRow {
  campaign: string; campaignName: string; platform: string; technology: string; benchmark: string; params: string; repetition: number;
  nodeCount: number; attempt: number; run: string; metric: string; point: string; value: number; unit: string; better: string;
}

export function metricRows(db: Database, campaignUuids?: readonly string[]): MetricExportRow[] {
  const rows = db.prepare(`SELECT c.uuid AS campaign, c.name AS campaignName, p.name AS platform, p.technology, r.benchmark, r.params_json AS params,
      r.repetition, r.node_count AS nodeCount, r.attempt, r.uuid AS run, m.name AS metric, m.point, m.value, m.unit, m.better
    FROM metrics m JOIN runs r ON r.id = m.run_id JOIN campaigns c ON c.id = r.campaign_id JOIN platforms p ON p.id = r.platform_id
    WHERE r.state = 'done' ORDER BY c.id, r.plan_index, r.attempt, m.name, m.point`).all() as MetricExportRow[];
  return campaignUuids ? rows.filter((r) => campaignUuids.includes(r.campaign)) : rows;
}

const COLUMNS: (keyof MetricExportRow)[] = ['campaign', 'campaignName', 'platform', 'technology', 'benchmark', 'params', 'repetition', 'nodeCount',
  'attempt', 'run', 'metric', 'point', 'value', 'unit', 'better'];

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. A text field a spreadsheet would
 * read as a formula (=, +, -, @, tab, CR first: an imported bundle's names can be anything) gets a leading apostrophe
 * (OWASP's CSV injection advice); numbers stay numbers. */
function csvField(v: unknown): string {
  const s = typeof v === 'number' ? String(v) : String(v).replace(/^[=+\-@\t\r]/, "'$&");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly MetricExportRow[]): string {
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function writeMetrics(db: Database, path: string, format: 'csv' | 'json', campaignUuids?: readonly string[]): number {
  const rows = metricRows(db, campaignUuids);
  writeFileSync(path, format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows.map((r) => ({ ...r, params: JSON.parse(r.params) as unknown })), null, 2)}\n`);
  return rows.length;
}
