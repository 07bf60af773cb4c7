// Looking a presented host key up in parsed known_hosts lines, with OpenSSH's meaning of each outcome.
import { hashedFieldMatches, isHashedHostField } from './hashed-host.ts';
import { hostKeyName, matchPatternList } from './host-pattern.ts';
import { fingerprintSha256, keyTypeOfBlob } from './key-blob.ts';
import type { EntryLine, KnownHostsLine } from './parse.ts';

export interface StoredKey {
  keyType: string;
  fingerprint: string;
  lineNo: number;
}

export type LookupResult =
  /** A line for this host holds exactly the presented key. */
  | { status: 'match'; stored: StoredKey }
  /** Lines for this host hold a different key of the same type: the host key CHANGED. */
  | { status: 'mismatch'; stored: StoredKey[] }
  /** The presented key is listed under @revoked: never accept it. */
  | { status: 'revoked'; stored: StoredKey }
  /** Nothing stored for this key type; `otherTypes` lists key types stored for the host (a hint, not a match). */
  | { status: 'unknown'; otherTypes: StoredKey[] };

const stored = (e: EntryLine): StoredKey => ({ keyType: e.keyType, fingerprint: fingerprintSha256(e.key), lineNo: e.lineNo });

/** Whether an entry's host field names this host (plain patterns, negations, or a hashed field). */
export function entryMatchesHost(entry: EntryLine, host: string, port: number): boolean {
  const name = hostKeyName(host, port);
  if (isHashedHostField(entry.hosts)) return hashedFieldMatches(entry.hosts, name);
  return matchPatternList(entry.hosts, [name]) === 'match';
}

/**
 * Looks up (host, port, key). @revoked applies to the key wherever it is listed (stricter than OpenSSH,
 * which scopes it to the line's host patterns); @cert-authority lines are ignored: we do not accept host
 * certificates, so a CA line neither vouches for nor contradicts a plain host key.
 */
export function lookupHostKey(lines: readonly KnownHostsLine[], host: string, port: number, key: Buffer): LookupResult {
  const entries = lines.filter((l): l is EntryLine => l.kind === 'entry');
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', stored: stored(revoked) };
  const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'match', stored: stored(same) };
  const type = keyTypeOfBlob(key);
  const sameType = forHost.filter((e) => e.keyType === type);
  if (sameType.length > 0) return { status: 'mismatch', stored: sameType.map(stored) };
  return { status: 'unknown', otherTypes: forHost.map(stored) };
}
