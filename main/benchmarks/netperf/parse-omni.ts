// Omni output: CSV (-o) with or without its header line (-P 0), and keyval (-k) lines.
import { ParseError } from '../types.ts';
import type { Line } from '../text.ts';
import type { NetperfRecord } from './parse-classic.ts';
import { selectorForTitle } from './selectors.ts';

const KEYVAL = /^([A-Z][A-Z0-9_]*)=(.*)$/;

export function looksLikeKeyval(body: Line[]): boolean {
  return body.length > 0 && KEYVAL.test(body[0]!.text.trim());
}

export function looksLikeCsv(body: Line[]): boolean {
  return body.length > 0 && body.length <= 2 && body.some((l) => l.text.includes(','));
}

export function parseKeyval(body: Line[]): NetperfRecord {
  const record: NetperfRecord = new Map();
  for (const line of body) {
    const m = KEYVAL.exec(line.text.trim());
    if (!m) throw new ParseError(line.no, 'a KEY=value line of netperf keyval output', line.text.trim());
    record.set(m[1]!, { value: m[2]!.trim(), line: line.no });
  }
  return record;
}

function splitCsv(line: Line): string[] {
  return line.text
    .trim()
    .split(',')
    .map((f) => f.trim());
}

/** With a header the titles name the columns; without one (-P 0) the caller's -o selector list does. */
export function parseCsv(body: Line[], selectors: readonly string[] | undefined): NetperfRecord {
  let names: string[];
  let values: Line;
  if (body.length === 2) {
    names = splitCsv(body[0]!).map(selectorForTitle);
    values = body[1]!;
  } else {
    if (!selectors || selectors.length === 0) {
      throw new ParseError(body[0]!.no, 'a CSV header line naming the -o columns (headerless -P 0 output needs the selector list)', body[0]!.text.trim());
    }
    names = [...selectors];
    values = body[0]!;
  }
  const fields = splitCsv(values);
  if (fields.length !== names.length) {
    throw new ParseError(values.no, `${names.length} comma-separated values to match the ${names.length} columns`, values.text.trim());
  }
  return new Map(names.map((n, i) => [n, { value: fields[i]!, line: values.no }]));
}
