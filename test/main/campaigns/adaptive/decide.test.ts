// The decision of one point: wait for its runs, repeat below the minimum or while the ratio's interval is wider
// than the target, stop at the target, at the cap, or after a failure; widths are Fieller's intervals.
import { describe, expect, it } from 'vitest';
import { AdaptiveRepetitions } from '../../../../main/contract/scenarios.ts';
import { decidePoint, pointWidthPct, type PointSamples } from '../../../../main/campaigns/adaptive/decide.ts';
import { fiellerRatio } from '../../../../main/analysis/fieller.ts';
import { describe as describeSample } from '../../../../main/analysis/describe.ts';

const config = AdaptiveRepetitions.parse({ targetPct: 5, min: 3, max: 6, warmup: 1 });
const samples = (native: number[], guest: number[]): PointSamples =>
  new Map([
    ['native', new Map([['time', native]])],
    ['guest', new Map([['time', guest]])],
  ]);
const tight = samples([10, 10.1, 9.9], [12, 12.1, 11.9]);
const wide = samples([10, 14, 7], [12, 8, 16]);

describe('pointWidthPct', () => {
  it("is the larger side of Fieller's interval of guest/native, relative to the ratio", () => {
    const r = fiellerRatio(describeSample([12, 12.1, 11.9]), describeSample([10, 10.1, 9.9]));
    const expected = (100 * Math.max(r.ci!.high - r.ratio, r.ratio - r.ci!.low)) / r.ratio;
    expect(pointWidthPct(tight, 'native', 0.95)).toBeCloseTo(expected, 10);
  });
  it('is the widest over platforms and metrics, infinite when a side has fewer than 2 values', () => {
    const two: PointSamples = new Map([
      [
        'native',
        new Map([
          ['a', [10, 10.1, 9.9]],
          ['b', [10, 14, 7]],
        ]),
      ],
      [
        'guest',
        new Map([
          ['a', [12, 12.1, 11.9]],
          ['b', [12, 8, 16]],
        ]),
      ],
    ]);
    expect(pointWidthPct(two, 'native', 0.95)).toBe(pointWidthPct(samples([10, 14, 7], [12, 8, 16]), 'native', 0.95));
    expect(pointWidthPct(samples([10], [12, 12.1]), 'native', 0.95)).toBe(Infinity);
    expect(pointWidthPct(new Map([['guest', new Map([['time', [1, 2]]])]]), 'native', 0.95)).toBe(Infinity);
  });
  it("uses the mean's own interval when the baseline is the only platform", () => {
    const d = describeSample([10, 10.1, 9.9]);
    expect(pointWidthPct(new Map([['native', new Map([['time', [10, 10.1, 9.9]]])]]), 'native', 0.95)).toBeCloseTo((100 * (d.ci!.high - d.mean)) / d.mean, 10);
  });
});

describe('decidePoint', () => {
  const at = (rounds: number, s: PointSamples, extra = {}) => decidePoint({ rounds, pending: false, failed: 0, samples: s, ...extra }, config, 'native');
  it('waits while a run of the point is unfinished', () => {
    expect(decidePoint({ rounds: 3, pending: true, failed: 0, samples: tight }, config, 'native').kind).toBe('wait');
  });
  it('stops at the target, repeats when wider, stops at the cap', () => {
    expect(at(3, tight)).toMatchObject({ kind: 'stop', reason: 'target' });
    expect(at(3, wide)).toMatchObject({ kind: 'more' });
    expect(at(6, wide)).toMatchObject({ kind: 'stop', reason: 'cap' });
  });
  it('repeats below the minimum even when narrow, and stops after a failed run', () => {
    expect(at(2, samples([10, 10.01], [12, 12.01]))).toMatchObject({ kind: 'more' });
    expect(at(3, wide, { failed: 1 })).toMatchObject({ kind: 'stop', reason: 'failed' });
  });
});
