// Copies entries from an OpenSSH known_hosts file (usually ~/.ssh/known_hosts) into the app's own file.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KnownHostsFile } from './known-hosts-file.ts';
import { entryMatchesHost } from './match.ts';
import { parseKnownHosts, type EntryLine } from './parse.ts';

export interface ImportKnownHostsOptions {
  /** Source file; default ~/.ssh/known_hosts. */
  from?: string;
  /** Only entries naming one of these hosts (hashed entries can only be matched this way). Default: every entry. */
  hosts?: ReadonlyArray<{ host: string; port: number }>;
}

export interface ImportKnownHostsResult {
  from: string;
  imported: number;
  /** Entries the target already had, byte for byte. */
  alreadyPresent: number;
  /** Source lines that were not valid entries (line number and why). */
  skipped: Array<{ lineNo: number; problem: string }>;
}

export function defaultUserKnownHosts(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** Entries are copied verbatim (markers, hashing and comments included), never rewritten or merged. */
export async function importOpenSshKnownHosts(into: KnownHostsFile, options: ImportKnownHostsOptions = {}): Promise<ImportKnownHostsResult> {
  const from = options.from ?? defaultUserKnownHosts();
  const source = parseKnownHosts(await readFile(from, 'utf8'));
  const skipped = source.flatMap((l) => (l.kind === 'invalid' ? [{ lineNo: l.lineNo, problem: l.problem ?? 'invalid' }] : []));
  const wanted = source.filter((l): l is EntryLine => l.kind === 'entry' && selected(l, options.hosts));
  const present = new Set((await into.readLines()).flatMap((l) => (l.kind === 'entry' ? [normal(l)] : [])));
  const fresh: string[] = [];
  for (const e of wanted) {
    if (present.has(normal(e))) continue;
    present.add(normal(e));
    fresh.push(e.raw.trim());
  }
  await into.appendLines(fresh);
  return { from, imported: fresh.length, alreadyPresent: wanted.length - fresh.length, skipped };
}

function selected(e: EntryLine, hosts: ImportKnownHostsOptions['hosts']): boolean {
  if (!hosts) return true;
  // A revoked key is worth keeping whichever host it was written for.
  if (e.marker === 'revoked') return true;
  return hosts.some(({ host, port }) => entryMatchesHost(e, host, port));
}

const normal = (e: EntryLine): string => `${e.marker ?? ''} ${e.hosts} ${e.keyType} ${e.keyBase64}`;
