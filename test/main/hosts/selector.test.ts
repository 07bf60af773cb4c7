import { describe, expect, it } from 'vitest';
import { expandRange, splitTopLevel } from '../../../main/hosts/range.ts';
import { selectHosts, SelectorError } from '../../../main/hosts/selector.ts';

const names = (hs: Array<{ name: string }>): string[] => hs.map((h) => h.name);
const pad = (n: number): string => String(n).padStart(2, '0');
const hosts = [
  ...Array.from({ length: 64 }, (_, i) => ({ name: `node${pad(i + 1)}`, tags: i < 4 ? ['gpu'] : ['cpu'] })),
  ...Array.from({ length: 16 }, (_, i) => ({ name: `n${i + 1}`, tags: [] as string[] })),
  { name: 'head', tags: ['login', 'gpu'] },
  { name: 'kvm-node01', tags: ['guest'] },
];

describe('expandRange', () => {
  it('expands plain, zero-padded, listed and multiple groups', () => {
    expect(expandRange('n[1-3]')).toEqual(['n1', 'n2', 'n3']);
    expect(expandRange('node[08-11]')).toEqual(['node08', 'node09', 'node10', 'node11']);
    expect(expandRange('node[001-002]')).toEqual(['node001', 'node002']);
    expect(expandRange('n[1-3,7]')).toEqual(['n1', 'n2', 'n3', 'n7']);
    expect(expandRange('r[1-2]n[1-2]')).toEqual(['r1n1', 'r1n2', 'r2n1', 'r2n2']);
    expect(expandRange('n[9-10]')).toEqual(['n9', 'n10']);
    expect(expandRange('plain')).toEqual(['plain']);
  });
  it('rejects malformed ranges clearly', () => {
    expect(() => expandRange('n[3-1]')).toThrow(/backwards/);
    expect(() => expandRange('n[1-')).toThrow(/unbalanced/);
    expect(() => expandRange('n]1')).toThrow(/unbalanced/);
    expect(() => expandRange('n[]')).toThrow(/empty range/);
    expect(() => expandRange('n[a-b]')).toThrow(/bad range item/);
    expect(() => expandRange('n[1-100000][1-100]')).toThrow(/more than/);
  });
  it('splits on commas outside brackets only', () => {
    expect(splitTopLevel('n[1-3,7],@gpu, head')).toEqual(['n[1-3,7]', '@gpu', 'head']);
  });
});

describe('selectHosts', () => {
  it('selects by name, tag, glob, range and unions, in order and once each', () => {
    expect(names(selectHosts('head', hosts))).toEqual(['head']);
    expect(names(selectHosts('@gpu', hosts))).toEqual(['node01', 'node02', 'node03', 'node04', 'head']);
    expect(names(selectHosts('tag:login', hosts))).toEqual(['head']);
    expect(names(selectHosts('node6*', hosts))).toEqual(['node60', 'node61', 'node62', 'node63', 'node64']);
    expect(names(selectHosts('n[1-16]', hosts))).toHaveLength(16);
    expect(names(selectHosts('node[01-64]', hosts))).toHaveLength(64);
    expect(names(selectHosts('n[1-3,7]', hosts))).toEqual(['n1', 'n2', 'n3', 'n7']);
    expect(names(selectHosts('head,@gpu,node0[1-2]', hosts))).toEqual(['head', 'node01', 'node02', 'node03', 'node04']);
    expect(names(selectHosts('@gpu,!head,!node0[1-2]', hosts))).toEqual(['node03', 'node04']);
    expect(names(selectHosts('node?1', hosts))).toEqual(['node01', 'node11', 'node21', 'node31', 'node41', 'node51', 'node61']);
  });

  it('makes every unmatched term a clear error', () => {
    expect(() => selectHosts('nope', hosts)).toThrow(SelectorError);
    expect(() => selectHosts('nope', hosts)).toThrow('no host matches "nope"');
    expect(() => selectHosts('@tpu', hosts)).toThrow('no host has tag "tpu"');
    expect(() => selectHosts('gpu*', hosts)).toThrow(/no host matches/);
    expect(() => selectHosts('node[60-70]', hosts)).toThrow('"node[60-70]": no host named node65, node66, node67, node68, node69, node70');
    expect(() => selectHosts('n[1-64]', hosts)).toThrow(/\(48 in all\)/);
    expect(() => selectHosts('head,', hosts)).toThrow(/empty term/);
    expect(() => selectHosts('head,!head', hosts)).toThrow(/leaves no hosts/);
    // A range of n1..n3 must not match node01.. by prefix.
    expect(() => selectHosts('node[1-3]', hosts)).toThrow(/no host named node1, node2, node3/);
  });

  it('bounds expansion before expanding: many groups, long comma lists and many terms', () => {
    // 20,000 bracket groups: a recursive expander overflows its stack; this one refuses the length first.
    expect(() => expandRange(`n${'[1]'.repeat(20_000)}`)).toThrow(SelectorError);
    expect(expandRange(`n${'[1]'.repeat(2_000)}`)).toEqual([`n${'1'.repeat(2_000)}`]);
    expect(() => expandRange(`n[${Array.from({ length: 20 }, () => '1-99999').join(',')}]`)).toThrow(/expands to more than 100000 names/);
    // Each term alone is under the bound; together they are not.
    expect(() => selectHosts('a[1-60000],b[1-60000]', hosts)).toThrow('selector expands to more than 100000 names');
  });
});
