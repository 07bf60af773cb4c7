// Classic (non-omni) netperf result tables, as netperf 2.7 prints them for the tests a person runs by hand:
//   request/response (TCP_RR, TCP_CRR, UDP_RR): a row of six numbers, then the remote socket sizes (two numbers);
//   stream (TCP_STREAM, TCP_MAERTS): one row of five numbers;
//   UDP_STREAM: the send row (six numbers) and the receive row (four numbers).
// Every row must be complete: an output cut short is refused with the line where it goes wrong.
import { ParseError } from '../types.ts';
import { isNumber, readNumber, type Line } from '../text.ts';

/** Selector name -> raw value and the line it came from. */
export type NetperfRecord = Map<string, { value: string; line: number }>;

/** Internal keys (not omni selectors) for the receive row of a classic UDP_STREAM. */
export const UDP_RECV = { throughput: 'CLASSIC_RECV_THROUGHPUT', messages: 'CLASSIC_RECV_MESSAGES', elapsed: 'CLASSIC_RECV_ELAPSED_TIME' } as const;
/** Internal keys for the send row's message counts of a classic UDP_STREAM. */
export const UDP_SEND = { messages: 'CLASSIC_SEND_MESSAGES', errors: 'CLASSIC_SEND_ERRORS' } as const;

export const rrTests = ['TCP_RR', 'TCP_CRR', 'UDP_RR'] as const;
export const streamTests = ['TCP_STREAM', 'TCP_MAERTS'] as const;
export const classicTests = [...rrTests, ...streamTests, 'UDP_STREAM'] as const;
export type ClassicTest = (typeof classicTests)[number];

type Shape = 'rr' | 'stream' | 'udp-stream';
const shapeOf = (test: string): Shape | undefined =>
  (rrTests as readonly string[]).includes(test)
    ? 'rr'
    : (streamTests as readonly string[]).includes(test)
      ? 'stream'
      : test === 'UDP_STREAM'
        ? 'udp-stream'
        : undefined;

/** Rows each shape prints, by their count of numbers; the first row is the result row. */
const ROWS: Record<Shape, number[]> = { rr: [6, 2], stream: [5], 'udp-stream': [6, 4] };
const WHAT: Record<Shape, string[]> = {
  rr: ['a request/response result row of 6 numbers (socket sizes, request, response, time, rate)', 'the remote socket sizes (2 numbers) after the result row'],
  stream: ['a stream result row of 5 numbers (socket sizes, message size, time, throughput)'],
  'udp-stream': [
    'the UDP_STREAM send row of 6 numbers (socket, message size, time, messages, errors, throughput)',
    'the UDP_STREAM receive row of 4 numbers (socket, time, messages, throughput)',
  ],
};

/** Header lines of the classic tables; everything else in the body must be a numeric row. */
const HEADER_WORDS = /^(Local|Socket|Send|Recv|Size|bytes|Remote)\b/;

function numericFields(line: Line): string[] | undefined {
  const fields = line.text.trim().split(/\s+/);
  return fields.every(isNumber) ? fields : undefined;
}

function record(entries: [string, string, number][]): NetperfRecord {
  return new Map(entries.map(([k, v, line]) => [k, { value: v, line }]));
}

/** Without a banner (-P 0) and without the caller naming the test: the row shapes tell the family apart. */
function guessShape(rows: { line: Line; fields: string[] }[], endLine: number): Shape {
  const [a, b] = rows;
  if (a!.fields.length === 5) return 'stream';
  if (a!.fields.length === 6) {
    if (b === undefined)
      throw new ParseError(endLine, 'a row after the 6-number result row (2 numbers for request/response, 4 for UDP_STREAM): the output ends early');
    if (b.fields.length === 2) return 'rr';
    if (b.fields.length === 4) return 'udp-stream';
    throw new ParseError(b.line.no, 'the remote socket sizes (2 numbers) or the UDP_STREAM receive row (4 numbers)', b.line.text.trim());
  }
  throw new ParseError(a!.line.no, 'a classic netperf result row (6 numbers request/response or UDP_STREAM, 5 stream)', a!.line.text.trim());
}

export function parseClassic(body: Line[], test: string | undefined, endLine: number): { record: NetperfRecord; test: string } {
  let units: string | undefined;
  const rows: { line: Line; fields: string[] }[] = [];
  for (const line of body) {
    const t = line.text.trim();
    const fields = numericFields(line);
    if (fields) {
      rows.push({ line, fields });
      continue;
    }
    if (rows.length === 0 && HEADER_WORDS.test(t)) {
      if (/^bytes\s/.test(t)) units = t.split(/\s+/).slice(-1)[0];
      continue;
    }
    throw new ParseError(line.no, rows.length === 0 ? 'a netperf result table (header or numeric row)' : 'end of the netperf table', t);
  }
  if (rows.length === 0) throw new ParseError(endLine, 'a netperf result row');

  const shape = test !== undefined ? shapeOf(test) : guessShape(rows, endLine);
  if (shape === undefined) throw new ParseError(rows[0]!.line.no, `a classic table of ${classicTests.join(', ')} (this output is ${test})`);
  const want = ROWS[shape];
  for (const [i, n] of want.entries()) {
    const row = rows[i];
    if (row === undefined) throw new ParseError(endLine, `${WHAT[shape][i]} (the output ends early)`);
    if (row.fields.length !== n) throw new ParseError(row.line.no, WHAT[shape][i]!, row.line.text.trim());
  }
  if (rows.length > want.length) throw new ParseError(rows[want.length]!.line.no, 'end of the netperf table', rows[want.length]!.line.text.trim());

  const [f, g] = [rows[0]!.fields, rows[1]?.fields];
  const [at, at2] = [rows[0]!.line.no, rows[1]?.line.no ?? 0];
  if (shape === 'rr') {
    readNumber(f[5]!, at, 'a transaction rate');
    return {
      test: test ?? 'TCP_RR',
      record: record([
        ['REQUEST_SIZE', f[2]!, at],
        ['RESPONSE_SIZE', f[3]!, at],
        ['ELAPSED_TIME', f[4]!, at],
        ['TRANSACTION_RATE', f[5]!, at],
      ]),
    };
  }
  const unit = classicUnit(units) ?? '10^6bits/s';
  if (shape === 'stream') {
    return {
      test: test ?? 'TCP_STREAM',
      record: record([
        ['LOCAL_SEND_SIZE', f[2]!, at],
        ['ELAPSED_TIME', f[3]!, at],
        ['THROUGHPUT', f[4]!, at],
        ['THROUGHPUT_UNITS', unit, at],
      ]),
    };
  }
  return {
    test: 'UDP_STREAM',
    record: record([
      ['LOCAL_SEND_SIZE', f[1]!, at],
      ['ELAPSED_TIME', f[2]!, at],
      [UDP_SEND.messages, f[3]!, at],
      [UDP_SEND.errors, f[4]!, at],
      ['THROUGHPUT', f[5]!, at],
      ['THROUGHPUT_UNITS', unit, at],
      [UDP_RECV.elapsed, g![1]!, at2],
      [UDP_RECV.messages, g![2]!, at2],
      [UDP_RECV.throughput, g![3]!, at2],
    ]),
  };
}

/** The classic header's last unit word, e.g. "10^6bits/sec" or "KBytes/sec". */
function classicUnit(word: string | undefined): string | undefined {
  if (word === undefined || word === 'sec' || word === 'sec.') return undefined;
  return word.replace(/\/sec$/, '/s');
}
