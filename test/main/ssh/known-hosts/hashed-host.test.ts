import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashedFieldMatches, hashHostName } from '../../../../main/ssh/known-hosts/hashed-host.ts';
import { hostKeyName } from '../../../../main/ssh/known-hosts/host-pattern.ts';
import { lookupHostKey } from '../../../../main/ssh/known-hosts/match.ts';
import { parseKnownHosts, type EntryLine } from '../../../../main/ssh/known-hosts/parse.ts';
import { generateKey, keygenFind, tempDir } from './real-keys.ts';

describe('hashed known_hosts entries', () => {
  const dir = tempDir();
  const a = generateKey(dir, 'a', 'ed25519');
  const b = generateKey(dir, 'b', 'ecdsa');
  const hosts: Array<[string, number, typeof a]> = [
    ['node01.lab', 22, a],
    ['10.77.0.2', 22, a],
    ['node02.lab', 2222, b],
    ['::1', 2200, b],
    ['fe80::1', 22, a],
  ];

  it('reads a file hashed by real ssh-keygen -H, agreeing with ssh-keygen -F', () => {
    const file = join(dir, 'known_hosts');
    // One line per host, plus a comma list, which ssh-keygen -H splits into one hashed line per name.
    const text = hosts.map(([h, p, k]) => `${hostKeyName(h, p)} ${k.keyType} ${k.base64}`).join('\n') + `\nalias1,alias2 ${a.keyType} ${a.base64}\n`;
    writeFileSync(file, text);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const lines = parseKnownHosts(readFileSync(file, 'utf8'));
    const entries = lines.filter((l): l is EntryLine => l.kind === 'entry');
    expect(entries.length).toBe(hosts.length + 2);
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);

    for (const [h, p, k] of [...hosts, ['alias1', 22, a], ['alias2', 22, a]] as const) {
      const res = lookupHostKey(lines, h, p, k.blob);
      expect(res.status, `${h}:${p}`).toBe('match');
      if (res.status === 'match') expect(keygenFind(file, hostKeyName(h, p))).toContain(res.stored.lineNo);
    }
    // Same host on another port, or a host never written: unknown to both us and ssh-keygen.
    expect(lookupHostKey(lines, 'node01.lab', 2222, a.blob).status).toBe('unknown');
    expect(keygenFind(file, '[node01.lab]:2222')).toEqual([]);
    expect(lookupHostKey(lines, 'node03.lab', 22, a.blob).status).toBe('unknown');
    // A different ed25519 key for node01: changed.
    expect(lookupHostKey(lines, 'node01.lab', 22, generateKey(dir, 'c', 'ed25519').blob).status).toBe('mismatch');
  });

  it('writes hashed fields that ssh-keygen -F finds', () => {
    const file = join(dir, 'ours');
    const text = hosts.map(([h, p, k]) => `${hashHostName(hostKeyName(h, p))} ${k.keyType} ${k.base64}`).join('\n') + '\n';
    writeFileSync(file, text);
    hosts.forEach(([h, p], i) => expect(keygenFind(file, hostKeyName(h, p))).toEqual([i + 1]));
    expect(keygenFind(file, 'node09.lab')).toEqual([]);
  });

  it('rejects malformed and foreign hashed fields', () => {
    const field = hashHostName('node01');
    expect(hashedFieldMatches(field, 'node01')).toBe(true);
    expect(hashedFieldMatches(field, 'node1')).toBe(false);
    expect(hashedFieldMatches('|1|abc', 'node01')).toBe(false);
    expect(hashedFieldMatches('|1||', 'node01')).toBe(false);
    expect(hashedFieldMatches('|2|a|b', 'node01')).toBe(false);
  });
});
