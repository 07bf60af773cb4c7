// IOzone output -> kB/s (and MB/s) per test, file size and record length.
// Takes the -R report when present (it cannot run values together) and checks it against the text table.
import { ParseError, type Metric, type ParseResult } from '../types.ts';
import { lastLineNo, toLines, type Line } from '../text.ts';
import { iozoneMetrics } from './metrics.ts';
import { cellKey, EXCEL_MARK, parseExcel, type ExcelBlock } from './parse-excel.ts';
import { findTableHeader, parseTable, type Table } from './parse-table.ts';

const COMPLETE = /^iozone test complete\.?$/;

export function parseIozone(text: string): ParseResult {
  const lines = toLines(text);
  const headerIdx = findTableHeader(lines);
  if (headerIdx < 0) throw new ParseError(firstContentLine(lines), 'IOzone output with a "kB  reclen  write ..." table header');
  const info = readInfo(lines.slice(0, headerIdx));
  const { table, endIdx } = parseTable(lines, headerIdx);
  const completeIdx = lines.findIndex((l, i) => i >= endIdx && COMPLETE.test(l.text.trim()));
  if (completeIdx < 0) throw new ParseError(lastLineNo(lines), '"iozone test complete." after the table (output looks truncated)');
  const markIdx = lines.findIndex((l, i) => i > completeIdx && EXCEL_MARK.test(l.text.trim()));
  const blocks = markIdx < 0 ? [] : parseExcel(lines, markIdx + 1);
  if (markIdx >= 0 && blocks.length === 0) throw new ParseError(lastLineNo(lines), 'report blocks after "Excel output is below:"');
  const metrics = blocks.length > 0 ? fromExcel(table, blocks) : fromTable(table);
  info.sizeUnit = table.sizeUnit;
  info.source = blocks.length > 0 ? 'excel-report' : 'table';
  return { metrics, warnings: [], info };
}

function firstContentLine(lines: Line[]): number {
  return lines.find((l) => l.text.trim() !== '')?.no ?? 1;
}

function readInfo(head: Line[]): Record<string, string | number> {
  const info: Record<string, string | number> = {};
  for (const l of head) {
    const version = /Version \$Revision: ([\d.]+) \$/.exec(l.text);
    if (version) info.version = version[1]!;
    const unit = /^\s*Output is in (.+)$/.exec(l.text);
    if (unit && !/^kBytes\/sec$/i.test(unit[1]!.trim())) throw new ParseError(l.no, 'results in kBytes/sec (run without -O)', unit[1]!.trim());
    const cmd = /^\s*Command line used: (.+)$/.exec(l.text);
    if (cmd) info.commandLine = cmd[1]!.trim();
  }
  return info;
}

function metricPair(name: string, kbps: number, point: Record<string, number>): Metric[] {
  const spec = (n: string) => iozoneMetrics.find((m) => m.name === n)!;
  return [
    { name, value: kbps, unit: spec(name).unit, better: 'higher', point },
    { name: `${name}_MBps`, value: kbps / 1024, unit: spec(`${name}_MBps`).unit, better: 'higher', point },
  ];
}

function fromTable(table: Table): Metric[] {
  return table.rows.flatMap((row) => {
    if (row.runTogether) throw new ParseError(row.line, 'separate values (two ran together; rerun with -R for the report blocks)', row.runTogether);
    const point = { fileSizeKB: row.fileKB, recordKB: row.recordKB };
    return [...row.values].flatMap(([name, v]) => metricPair(name, v, point));
  });
}

function fromExcel(table: Table, blocks: ExcelBlock[]): Metric[] {
  const metrics: Metric[] = [];
  for (const block of blocks) {
    for (const row of table.rows) {
      const key = cellKey(row.fileKB, row.recordKB);
      const v = block.cells.get(key);
      if (v === undefined) {
        if (!row.values.has(block.test)) continue;
        throw new ParseError(block.lastLine, `a value for file size ${row.fileKB} kB, record ${row.recordKB} kB in the ${block.test} report (truncated?)`);
      }
      metrics.push(...metricPair(block.test, v, { fileSizeKB: row.fileKB, recordKB: row.recordKB }));
    }
  }
  return metrics;
}
