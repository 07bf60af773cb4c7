// CSV export: every table of a report as one RFC 4180 file named after the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tableToCsv, type ReportModel } from '../contract/results.ts';

export function writeReportCsv(report: ReportModel, dir: string): { dir: string; files: string[] } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const section of report.sections) {
    for (const table of section.tables) {
      const file = join(out, `${table.id.replace(/[^\w.-]+/g, '_')}.csv`);
      writeFileSync(file, tableToCsv(table));
      files.push(file);
    }
  }
  return { dir: out, files };
}
