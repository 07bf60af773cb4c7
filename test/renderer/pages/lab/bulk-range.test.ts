import { describe, expect, it } from 'vitest';
import { expandBulk, expandNames, fillPattern } from '../../../../renderer/src/pages/lab/bulk-range.ts';

describe('bulk add by range', () => {
  it('keeps the width of a zero-padded range', () => {
    const names = expandNames('node[01-64]');
    expect(names).toHaveLength(64);
    expect(names[0]).toEqual({ name: 'node01', n: 1, text: '01' });
    expect(names[63]!.name).toBe('node64');
    expect(expandNames('rack2-n[8-11].ib').map((x) => x.name)).toEqual(['rack2-n8.ib', 'rack2-n9.ib', 'rack2-n10.ib', 'rack2-n11.ib']);
  });

  it('fills addresses: {} as written, {n} plain, {n+K} shifted', () => {
    const [first] = expandNames('vl-h[01-02]');
    expect(fillPattern('10.213.0.{n+10}', first!)).toBe('10.213.0.11');
    expect(fillPattern('10.213.{n}.2', first!)).toBe('10.213.1.2');
    expect(fillPattern('node{}.cluster', first!)).toBe('node01.cluster');
    expect(fillPattern('10.0.{n-1}.5', first!)).toBe('10.0.0.5');
  });

  it('builds guests with their parent from a pattern', () => {
    expect(expandBulk('vl-h[01-02]-g', '10.213.{n}.2', 'vl-h{}')).toEqual([
      { name: 'vl-h01-g', address: '10.213.1.2', guestOf: 'vl-h01' },
      { name: 'vl-h02-g', address: '10.213.2.2', guestOf: 'vl-h02' },
    ]);
  });

  it('refuses what would go wrong, with the reason', () => {
    expect(() => expandNames('node01')).toThrow(/one range in brackets/);
    expect(() => expandNames('n[1-2]x[1-2]')).toThrow(/only one/);
    expect(() => expandNames('n[5-1]')).toThrow(/backwards/);
    expect(() => expandNames('n[1-5000]')).toThrow(/at most 4096/);
    expect(() => expandBulk('n[1-2]', '10.0.0.1')).toThrow(/same address/);
  });
});
