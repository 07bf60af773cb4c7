import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyName, matchGlob, matchPatternList } from '../../../../main/ssh/known-hosts/host-pattern.ts';
import { entryMatchesHost } from '../../../../main/ssh/known-hosts/match.ts';
import { parseKnownHosts, type EntryLine } from '../../../../main/ssh/known-hosts/parse.ts';
import { generateKey, keygenFind, tempDir } from './real-keys.ts';

describe('matchGlob', () => {
  it.each([
    ['*', 'anything', true],
    ['node?', 'node1', true],
    ['node?', 'node10', false],
    ['*.lab', 'n1.lab', true],
    ['*.lab', 'lab', false],
    ['10.0.0.*', '10.0.0.7', true],
    ['NODE1', 'node1', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['[n1]:22*', '[n1]:2222', true],
    ['', '', true],
    ['x', '', false],
  ])('%s vs %s -> %s', (p, t, want) => expect(matchGlob(p, t)).toBe(want));
});

describe('matchPatternList', () => {
  it('lets a negation win over any positive match', () => {
    expect(matchPatternList('*.lab,!bad.lab', ['good.lab'])).toBe('match');
    expect(matchPatternList('*.lab,!bad.lab', ['bad.lab'])).toBe('negated');
    expect(matchPatternList('!bad.lab,*.lab', ['bad.lab'])).toBe('negated');
    expect(matchPatternList('!bad.lab', ['other'])).toBe('none');
    expect(matchPatternList('a,b,c', ['b'])).toBe('match');
  });
  it('names non-default ports in brackets', () => {
    expect(hostKeyName('Node1', 22)).toBe('node1');
    expect(hostKeyName('node1', 2222)).toBe('[node1]:2222');
    expect(hostKeyName('::1', 2200)).toBe('[::1]:2200');
  });
});

describe('pattern entries agree with ssh-keygen -F', () => {
  it('for wildcards, negations, comma lists and ports', () => {
    const dir = tempDir();
    const k = generateKey(dir, 'k', 'ed25519');
    const fields = ['*.lab,!bad.lab', 'node?', '10.1.*', '[gw]:2222,gw2', 'exact', '[*.p]:*', 'ab*cd'];
    const file = join(dir, 'known_hosts');
    writeFileSync(file, fields.map((f) => `${f} ${k.keyType} ${k.base64}`).join('\n') + '\n');
    const entries = parseKnownHosts(fieldsText(fields, k.keyType, k.base64)).filter((l): l is EntryLine => l.kind === 'entry');
    const probes: Array<[string, number]> = [
      ['good.lab', 22],
      ['bad.lab', 22],
      ['node1', 22],
      ['node12', 22],
      ['10.1.2.3', 22],
      ['10.2.0.1', 22],
      ['gw', 2222],
      ['gw', 22],
      ['gw2', 22],
      ['exact', 22],
      ['exact', 2022],
      ['x.p', 2200],
      ['abxcd', 22],
      ['abc', 22],
      ['EXACT', 22],
    ];
    let found = 0;
    for (const [host, port] of probes) {
      const ours = entries.filter((e) => entryMatchesHost(e, host, port)).map((e) => e.lineNo);
      const theirs = keygenFind(file, hostKeyName(host, port));
      expect(ours, `${host}:${port}`).toEqual(theirs);
      found += theirs.length;
    }
    expect(found).toBeGreaterThanOrEqual(8); // the comparison is not vacuous
  });
});

function fieldsText(fields: string[], type: string, b64: string): string {
  return fields.map((f) => `${f} ${type} ${b64}`).join('\n') + '\n';
}
