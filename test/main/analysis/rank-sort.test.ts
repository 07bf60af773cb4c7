import { describe, expect, it } from 'vitest';
import { ranksOf, sortByColumns } from '../../../main/analysis/rank-sort.ts';
import { compareKeys, comparePoints, compareText, sortByKeys } from '../../../main/analysis/summary.ts';
import type { GroupKey } from '../../../main/analysis/types.ts';

// Texts a collator orders differently from their code points, calls equal, or puts around numbers.
const TEXTS = ['native', 'Native', 'kvm', 'KVM', 'xen', 'é', 'e', 'E', 'z', 'Ä', 'a', '', ' ', 'a-b', 'ab', 'a b', '10', '9', 'ｆｕｌｌ', 'full', 'e\u0301'];
const POINTS = ['1', '2', '10', '1024', '64', '1.5', '01', '1e3', '', 'auto', 'Auto', 'cg', 'CG', 'N=400', '-1', ' 5'];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('ranked sorting', () => {
  it('ranks distinct texts by the comparator, equal texts sharing a rank', () => {
    const r = ranksOf(['b', 'a', 'c', 'a'], compareText);
    expect([...r]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    const p = ranksOf(['10', '2', '01', '1'], comparePoints);
    expect(p.get('1')).toBe(p.get('01'));
    expect(p.get('2')! < p.get('10')!).toBe(true);
  });

  it('sortByKeys gives exactly the order of sort(compareKeys), ties in their first order, on 200 random sets', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = random(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const items: (GroupKey & { id: number })[] = Array.from({ length: 1 + Math.floor(rand() * 300) }, (_, id) => ({
        id,
        platform: pick(TEXTS),
        benchmark: pick(TEXTS),
        metric: pick(TEXTS),
        point: pick(POINTS),
        nodeCount: pick([1, 2, 4, 16]),
      }));
      const expected = [...items].sort(compareKeys).map((x) => x.id);
      expect(sortByKeys([...items]).map((x) => x.id)).toEqual(expected);
    }
  });

  it('sortByColumns sorts in place by its columns, first column first, and keeps ties in order', () => {
    const xs = [
      { a: 2, b: 1, id: 0 },
      { a: 1, b: 2, id: 1 },
      { a: 1, b: 1, id: 2 },
      { a: 1, b: 2, id: 3 },
    ];
    const out = sortByColumns(xs, [(x) => x.a, (x) => x.b]);
    expect(out).toBe(xs);
    expect(xs.map((x) => x.id)).toEqual([2, 1, 3, 0]);
  });
});
