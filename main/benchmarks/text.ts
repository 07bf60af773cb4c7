// Small helpers shared by the parsers: numbered lines and strict number reading.
import { ParseError } from './types.ts';

export interface Line {
  /** 1-based line number in the original text. */
  no: number;
  text: string;
}

export function toLines(text: string): Line[] {
  return text.split(/\r?\n/).map((t, i) => ({ no: i + 1, text: t }));
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/** Reads a finite decimal number (Fortran's D exponent accepted) or throws a ParseError naming the line. */
export function readNumber(raw: string, line: number, what: string): number {
  const s = raw.trim();
  if (!NUMBER.test(s)) throw new ParseError(line, what, s);
  const value = Number(s.replace(/[dD]/, 'e'));
  if (!Number.isFinite(value)) throw new ParseError(line, what, s);
  return value;
}

export function isNumber(raw: string): boolean {
  return NUMBER.test(raw.trim());
}

/** The last line number of the text, for errors about something missing at the end. */
export function lastLineNo(lines: Line[]): number {
  return lines.length === 0 ? 1 : lines[lines.length - 1]!.no;
}
