import { describe, expect, it } from 'vitest';
import { checkRankCount, validRankCounts } from '../../../../main/benchmarks/npb/ranks.ts';

describe('NPB rank counts', () => {
  it('BT and SP need squares', () => {
    expect(checkRankCount('BT', 16)).toBe(16);
    expect(checkRankCount('SP', 9)).toBe(9);
    expect(() => checkRankCount('BT', 8)).toThrow('NPB BT needs a square number of MPI ranks (1, 4, 9, 16, ...); 8 is not (nearest: 4 or 9)');
    expect(validRankCounts('SP', 64)).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
  });

  it('IS CG MG FT LU need powers of two', () => {
    for (const k of ['IS', 'CG', 'MG', 'FT', 'LU'] as const) expect(validRankCounts(k, 64)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(() => checkRankCount('CG', 12)).toThrow('NPB CG needs a power-of-two number of MPI ranks (1, 2, 4, 8, ...); 12 is not (nearest: 8 or 16)');
  });

  it('EP takes any count, nobody takes zero or fractions', () => {
    expect(validRankCounts('EP', 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(() => checkRankCount('EP', 0)).toThrow(/at least 1/);
    expect(() => checkRankCount('EP', 2.5)).toThrow(/whole number/);
  });
});
