// Metrics of campaigns as CSV or JSON files: the rows come from the store (main/store/queries/metric-rows.ts).
import { writeFileSync } from 'node:fs';
import type { Database } from '../../store/database.ts';
import { metricRows, type MetricExportRow } from '../../store/queries/metric-rows.ts';

export { metricRows, type MetricExportRow };

const COLUMNS: (keyof MetricExportRow)[] = [
  'campaign',
  'campaignName',
  'platform',
  'technology',
  'benchmark',
  'params',
  'repetition',
  'nodeCount',
  'attempt',
  'run',
  'metric',
  'point',
  'value',
  'unit',
  'better',
];

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
  writeFileSync(
    path,
    format === 'csv'
      ? toCsv(rows)
      : `${JSON.stringify(
          rows.map((r) => ({ ...r, params: JSON.parse(r.params) as unknown })),
          null,
          2,
        )}\n`,
  );
  return rows.length;
}
