// Parses OpenSSH known_hosts text into lines that keep their raw text, so a rewrite preserves
// comments, blank lines, ordering and anything we do not understand.
import { decodeKeyField } from './key-blob.ts';

export type Marker = 'revoked' | 'cert-authority';

export interface EntryLine {
  kind: 'entry';
  /** 1-based line number in the file it came from. */
  lineNo: number;
  raw: string;
  marker?: Marker;
  /** The host field as written: a comma list of patterns, or one hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  keyBase64: string;
  key: Buffer;
  comment?: string;
}

export interface OtherLine {
  /** blank and comment lines are kept verbatim; invalid lines too, with the reason they were skipped. */
  kind: 'blank' | 'comment' | 'invalid';
  lineNo: number;
  raw: string;
  problem?: string;
}

export type KnownHostsLine = EntryLine | OtherLine;

export function parseKnownHosts(text: string): KnownHostsLine[] {
  const rawLines = text.split('\n');
  if (rawLines.at(-1) === '') rawLines.pop(); // the final newline ends the last line, it does not start one
  // Parse without a trailing CR, but keep it in `raw` so a CRLF file is rewritten as CRLF.
  return rawLines.map((raw, i) => ({ ...parseLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, i + 1), raw }));
}

export function parseLine(raw: string, lineNo: number): KnownHostsLine {
  const trimmed = raw.trim();
  if (trimmed === '') return { kind: 'blank', lineNo, raw };
  if (trimmed.startsWith('#')) return { kind: 'comment', lineNo, raw };
  const fields = trimmed.split(/[ \t]+/);
  let marker: Marker | undefined;
  if (fields[0]?.startsWith('@')) {
    const m = fields.shift();
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return { kind: 'invalid', lineNo, raw, problem: `unknown marker ${m}` };
  }
  const [hosts, keyType, keyBase64, ...rest] = fields;
  if (!hosts || !keyType || !keyBase64) return { kind: 'invalid', lineNo, raw, problem: 'expected: hosts keytype key [comment]' };
  let key: Buffer;
  try {
    key = decodeKeyField(keyType, keyBase64);
  } catch (e) {
    return { kind: 'invalid', lineNo, raw, problem: (e as Error).message };
  }
  const entry: EntryLine = { kind: 'entry', lineNo, raw, hosts, keyType, keyBase64, key };
  if (marker) entry.marker = marker;
  if (rest.length > 0) entry.comment = rest.join(' ');
  return entry;
}

/** Formats a new entry line; the host field is a comma list or a hashed field. */
export function formatEntry(hosts: string, keyType: string, key: Buffer, marker?: Marker): string {
  return `${marker ? `@${marker} ` : ''}${hosts} ${keyType} ${key.toString('base64')}`;
}

export function serializeKnownHosts(lines: readonly KnownHostsLine[]): string {
  return lines.length === 0 ? '' : `${lines.map((l) => l.raw).join('\n')}\n`;
}
