// Classic (non-omni) netperf result tables: TCP_RR/UDP_RR rows of six numbers, TCP_STREAM rows of five.
import { ParseError } from '../types.ts';
import { isNumber, readNumber, type Line } from '../text.ts';

/** Selector name -> raw value and the line it came from. */
export type NetperfRecord = Map<string, { value: string; line: number }>;

function record(line: number, entries: [string, string][]): NetperfRecord {
  return new Map(entries.map(([k, v]) => [k, { value: v, line }]));
}

/** Header lines of the classic tables; everything else in the body must be a numeric row. */
const HEADER_WORDS = /^(Local|Socket|Send|Recv|Size|bytes|Remote)\b/;

function numericFields(line: Line): string[] | undefined {
  const fields = line.text.trim().split(/\s+/);
  return fields.every(isNumber) ? fields : undefined;
}

export function parseClassic(body: Line[], test: string | undefined, endLine: number): { record: NetperfRecord; test: string } {
  let units: string | undefined;
  let row: { line: Line; fields: string[] } | undefined;
  for (const line of body) {
    const t = line.text.trim();
    if (row === undefined) {
      const fields = numericFields(line);
      if (fields) {
        row = { line, fields };
        continue;
      }
      if (HEADER_WORDS.test(t)) {
        if (/^bytes\s/.test(t)) units = t.split(/\s+/).slice(-1)[0];
        continue;
      }
      throw new ParseError(line.no, 'a netperf result table (header or numeric row)', t);
    }
    // After the main row classic RR prints the remote socket sizes: two numbers.
    const fields = numericFields(line);
    if (!fields || fields.length !== 2) throw new ParseError(line.no, 'end of the netperf table', t);
  }
  if (row === undefined) throw new ParseError(endLine, 'a netperf result row');
  const f = row.fields;
  const kind = test ?? (f.length === 6 ? 'TCP_RR' : f.length === 5 ? 'TCP_STREAM' : undefined);
  const isRr = kind === 'TCP_RR' || kind === 'UDP_RR';
  if (isRr && f.length === 6) {
    readNumber(f[5]!, row.line.no, 'a transaction rate');
    return {
      test: kind,
      record: record(row.line.no, [['REQUEST_SIZE', f[2]!], ['RESPONSE_SIZE', f[3]!], ['ELAPSED_TIME', f[4]!], ['TRANSACTION_RATE', f[5]!]]),
    };
  }
  if (kind === 'TCP_STREAM' && f.length === 5) {
    return {
      test: kind,
      record: record(row.line.no, [['LOCAL_SEND_SIZE', f[2]!], ['ELAPSED_TIME', f[3]!], ['THROUGHPUT', f[4]!], ['THROUGHPUT_UNITS', classicUnit(units) ?? '10^6bits/s']]),
    };
  }
  throw new ParseError(row.line.no, `a ${kind ?? 'TCP_RR or TCP_STREAM'} row of ${isRr ? 6 : 5} numbers`, row.line.text.trim());
}

/** The classic header's last unit word, e.g. "10^6bits/sec" or "KBytes/sec". */
function classicUnit(word: string | undefined): string | undefined {
  if (word === undefined || word === 'sec' || word === 'sec.') return undefined;
  return word.replace(/\/sec$/, '/s');
}
