// IOzone's text table: a two-line header ("kB" or, in older releases, "KB" ... "reclen" ...) and one row per
// file size and record length. Columns are right-aligned; tests not run leave their columns blank, so values
// are placed by where they end, not by their order. A value too wide for its column runs into its neighbour.
import { ParseError } from '../types.ts';
import type { Line } from '../text.ts';
import { iozoneTests } from './metrics.ts';

export interface TableRow {
  line: number;
  fileKB: number;
  recordKB: number;
  /** test name -> kB/s; absent for blank columns. */
  values: Map<string, number>;
  /** Set when two values ran together: the row is unusable without the -R report. */
  runTogether?: string;
}

export interface Table {
  headerLine: number;
  sizeUnit: 'kB' | 'KB';
  rows: TableRow[];
}

const HEADER = /^\s*(kB|KB)\s+reclen\s+write\b/;

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(s: string): Token[] {
  return [...s.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

export function findTableHeader(lines: Line[]): number {
  return lines.findIndex((l) => HEADER.test(l.text));
}

export function parseTable(lines: Line[], headerIdx: number): { table: Table; endIdx: number } {
  const header = lines[headerIdx]!;
  const edges = tokens(header.text).map((t) => t.end);
  const names = ['fileKB', 'recordKB', ...iozoneTests.map((t) => t.name)];
  if (edges.length !== names.length) {
    throw new ParseError(header.no, `an IOzone header of ${names.length} columns (kB reclen write rewrite ... freread)`, header.text.trim());
  }
  const rows: TableRow[] = [];
  let i = headerIdx + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text.trim() === '') continue;
    if (!/^\s*\d/.test(line.text)) break;
    rows.push(parseRow(line, edges, names));
  }
  if (rows.length === 0) throw new ParseError(lines[Math.min(i, lines.length - 1)]!.no, 'an IOzone result row under the table header');
  return { table: { headerLine: header.no, sizeUnit: HEADER.exec(header.text)![1] as 'kB' | 'KB', rows }, endIdx: i };
}

function nearestColumn(edges: number[], end: number): number {
  let best = 0;
  for (let c = 1; c < edges.length; c++) if (Math.abs(edges[c]! - end) < Math.abs(edges[best]! - end)) best = c;
  return best;
}

function parseRow(line: Line, edges: number[], names: string[]): TableRow {
  const cells = new Map<string, number>();
  let runTogether: string | undefined;
  for (const tok of tokens(line.text)) {
    if (!/^\d+$/.test(tok.text)) throw new ParseError(line.no, 'whole numbers in an IOzone result row', tok.text);
    const col = nearestColumn(edges, tok.end);
    const name = names[col]!;
    if (cells.has(name)) throw new ParseError(line.no, `one value under column ${name}`, tok.text);
    // A token reaching back over the previous column's edge is two values printed without a space.
    if (col > 0 && tok.start < edges[col - 1]! - 1) runTogether = tok.text;
    cells.set(name, Number(tok.text));
  }
  const fileKB = cells.get('fileKB');
  const recordKB = cells.get('recordKB');
  if (fileKB === undefined || recordKB === undefined)
    throw new ParseError(line.no, 'a file size and a record length at the start of the row', line.text.trim());
  cells.delete('fileKB');
  cells.delete('recordKB');
  return { line: line.no, fileKB, recordKB, values: cells, ...(runTogether ? { runTogether } : {}) };
}
