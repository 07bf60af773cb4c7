// IOzone's -R report: after "Excel output is below:", blocks such as
//   "Writer report"
//           "1024"            <- record lengths (kB), one column each
//   "16384"   1931852         <- file size (kB), then kB/s per record length (blank when not run)
import { ParseError } from '../types.ts';
import type { Line } from '../text.ts';
import { testForReport } from './metrics.ts';

export interface ExcelBlock {
  test: string;
  titleLine: number;
  lastLine: number;
  /** `${fileKB}/${recordKB}` -> kB/s */
  cells: Map<string, number>;
}

const TITLE = /^"([^"]+ report)"$/i;
const QUOTED_INT = /^"(\d+)"$/;

export const EXCEL_MARK = /^Excel output is below:?$/;

export function cellKey(fileKB: number, recordKB: number): string {
  return `${fileKB}/${recordKB}`;
}

export function parseExcel(lines: Line[], from: number): ExcelBlock[] {
  const blocks: ExcelBlock[] = [];
  let i = from;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text.trim();
    i++;
    if (t === '') continue;
    const title = TITLE.exec(t);
    if (!title) throw new ParseError(line.no, 'an IOzone report title such as "Writer report"', t);
    const test = testForReport(title[1]!);
    if (!test) throw new ParseError(line.no, 'a known IOzone report title', t);
    const head = lines[i];
    const records = head
      ? head.text
          .trim()
          .split(/\s+/)
          .map((f) => QUOTED_INT.exec(f)?.[1])
      : [];
    if (!head || records.length === 0 || records.some((r) => r === undefined)) {
      throw new ParseError(head?.no ?? line.no, 'a line of quoted record lengths under the report title', head?.text.trim());
    }
    i++;
    const block: ExcelBlock = { test: test.name, titleLine: line.no, lastLine: head.no, cells: new Map() };
    for (; i < lines.length && lines[i]!.text.trim() !== ''; i++) {
      const row = lines[i]!;
      const fields = row.text.trim().split(/\s+/);
      const size = QUOTED_INT.exec(fields[0]!)?.[1];
      if (size === undefined) throw new ParseError(row.no, 'a quoted file size starting a report row', row.text.trim());
      if (fields.length - 1 > records.length) throw new ParseError(row.no, `at most ${records.length} values in the row`, row.text.trim());
      fields.slice(1).forEach((v, c) => {
        if (!/^\d+$/.test(v)) throw new ParseError(row.no, 'whole numbers (kB/s) in a report row', v);
        block.cells.set(cellKey(Number(size), Number(records[c])), Number(v));
      });
      block.lastLine = row.no;
    }
    if (block.cells.size === 0) throw new ParseError(block.lastLine, `rows of the "${title[1]}" block`);
    blocks.push(block);
  }
  return blocks;
}
