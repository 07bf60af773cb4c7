// The decision of one point: wait for its runs, repeat below the minimum or while the ratio's interval is wider
// than the target, stop at the target, at the cap, or after a failure; widths are Fieller's intervals.
import { describe, expect, it } from 'vitest';
import { AdaptiveRepetitions } from '../../../../main/contract/scenarios.ts';
import {
  decidePoint,
  differenceConfidence,
  differenceSettled,
  pointWidthPct,
  zeroVarianceNote,
  type PointSamples,
} from '../../../../main/campaigns/adaptive/decide.ts';
import { seededRandom } from '../../../../main/scenarios/rng.ts';
import { fiellerRatio } from '../../../../main/analysis/fieller.ts';
import { describe as describeSample } from '../../../../main/analysis/describe.ts';
import { nominalConfidence, pocockSpending, spendingBoundaries } from '../../../../main/analysis/group-sequential.ts';
import { verdictOf } from '../../../../main/analysis/verdict.ts';

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

describe('a side with zero variance (netperf P50_LATENCY in whole microseconds: every run the same bucket)', () => {
  const settle = AdaptiveRepetitions.parse({ targetPct: 5, min: 3, max: 10, warmup: 1, stopOnDifference: true });
  // perf10's bench: half RTT from P50_LATENCY, 3 rounds, native 10.5 us each time, the container 11.5 us each time.
  const flat = samples([10.5, 10.5, 10.5], [11.5, 11.5, 11.5]);
  it('bounds no interval and settles no difference, so the point repeats (it stopped at 3 rounds, "target +-0.0%")', () => {
    expect(pointWidthPct(flat, 'native', 0.95)).toBe(Infinity);
    expect(differenceSettled(flat, 'native', settle, 3)).toBe(false);
    expect(decidePoint({ rounds: 3, pending: false, failed: 0, samples: flat }, settle, 'native')).toMatchObject({ kind: 'more', widthPct: null });
    expect(decidePoint({ rounds: 3, pending: false, failed: 0, samples: flat }, config, 'native')).toMatchObject({ kind: 'more', widthPct: null });
  });
  it('is not known when only one side is flat either, nor the baseline alone', () => {
    const oneFlat = samples([10.5, 10.5, 10.5, 10.5], [11.5, 12, 11.5, 12.5]);
    expect(pointWidthPct(oneFlat, 'native', 0.95)).toBe(Infinity);
    expect(differenceSettled(oneFlat, 'native', settle, 4)).toBe(false);
    expect(pointWidthPct(new Map([['native', new Map([['time', [10.5, 10.5, 10.5]]])]]), 'native', 0.95)).toBe(Infinity);
  });
  it('stops at the cap saying which sides had no spread', () => {
    const capped = samples(Array(10).fill(10.5), [11.5, 12, 11.5, 12.5, 11.5, 11.5, 12, 11.5, 11.5, 12]);
    const d = decidePoint({ rounds: 10, pending: false, failed: 0, samples: capped }, settle, 'native');
    expect(d).toMatchObject({ kind: 'stop', reason: 'cap', widthPct: null });
    expect(d.unknown).toBe("no interval: native time: all 10 values 10.5 (zero variance, below the benchmark's resolution, so not known yet)");
    expect(zeroVarianceNote(flat)).toContain('native time: all 3 values 10.5; guest time: all 3 values 11.5');
  });
  it('says nothing more where every side varies, and a spread side still stops as before', () => {
    expect(zeroVarianceNote(tight)).toBeUndefined();
    expect(decidePoint({ rounds: 3, pending: false, failed: 0, samples: tight }, config, 'native')).toEqual({
      kind: 'stop',
      reason: 'target',
      widthPct: pointWidthPct(tight, 'native', 0.95),
    });
  });
});

describe('stopOnDifference', () => {
  const settle = AdaptiveRepetitions.parse({ targetPct: 5, min: 3, max: 10, warmup: 1, stopOnDifference: true });
  // About 20% apart, each side spread by about 8%: a 95% interval far wider than +-5%, but 1 far outside it.
  const different = samples([10, 11, 9.2, 10.4, 9.6], [12, 13.1, 11, 12.6, 11.4]);
  // 10% apart, 6 rounds: the plain 95% interval excludes 1, the corrected one does not.
  const nativeM = [10, 10.8, 9.2, 10.1, 10.5, 9.6];
  const guestM = [11.3, 11.68, 10.37, 10.76, 11.65, 10.46];
  const marginal = samples(nativeM, guestM);

  it("looks at a group-sequential boundary's level: Lan-DeMets spending of Pocock's type over the rounds min..max", () => {
    // Looks at 3..10 of 10 rounds: boundaries 2.312 at the first look, 2.463 at the last (Pocock-like, nearly flat).
    const looks = [3, 4, 5, 6, 7, 8, 9, 10].map((n) => n / 10);
    const c = spendingBoundaries(looks, (t) => pocockSpending(0.05, t));
    looks.forEach((_, k) => expect(differenceConfidence(settle, 3 + k)).toBeCloseTo(nominalConfidence(c[k]!), 12));
    expect(differenceConfidence(settle, 3)).toBeCloseTo(0.9792, 4);
    expect(differenceConfidence(settle, 10)).toBeCloseTo(0.9862, 4);
    // Every look stricter than a plain 95% interval, each laxer than Bonferroni's 1 - 0.05 / 8.
    for (let r = 3; r <= 10; r++) {
      expect(differenceConfidence(settle, r)).toBeGreaterThan(0.95);
      expect(differenceConfidence(settle, r)).toBeLessThan(1 - 0.05 / 8);
    }
    expect(differenceConfidence(AdaptiveRepetitions.parse({ targetPct: 5, min: 4, max: 4 }), 4)).toBeCloseTo(0.95, 6);
  });
  it("stops a point whose interval is wider than the target but that Welch's test calls different at the boundary's level", () => {
    expect(pointWidthPct(different, 'native', 0.95)).toBeGreaterThan(5);
    expect(verdictOf(describeSample([12, 13.1, 11, 12.6, 11.4]), describeSample([10, 11, 9.2, 10.4, 9.6]), differenceConfidence(settle, 5)).significant).toBe(
      true,
    );
    expect(decidePoint({ rounds: 5, pending: false, failed: 0, samples: different }, settle, 'native')).toMatchObject({ kind: 'stop', reason: 'difference' });
  });
  it('is off unless asked: the same point repeats to the target or the cap', () => {
    const plain = AdaptiveRepetitions.parse({ targetPct: 5, min: 3, max: 10, warmup: 1 });
    expect(decidePoint({ rounds: 5, pending: false, failed: 0, samples: different }, plain, 'native')).toMatchObject({ kind: 'more' });
  });
  it("repeats a point Welch's test calls different at 95% but not at the boundary's level", () => {
    expect(verdictOf(describeSample(guestM), describeSample(nativeM), 0.95).significant).toBe(true);
    expect(verdictOf(describeSample(guestM), describeSample(nativeM), differenceConfidence(settle, 6)).significant).toBe(false);
    expect(decidePoint({ rounds: 6, pending: false, failed: 0, samples: marginal }, settle, 'native')).toMatchObject({ kind: 'more' });
  });
  it('settles a point only when every platform and metric is within the target or different', () => {
    const mixed = (guestB: number[]): PointSamples =>
      new Map([
        [
          'native',
          new Map([
            ['a', [10, 10.01, 9.99]],
            ['b', [10, 11, 9.2, 10.4, 9.6]],
          ]),
        ],
        [
          'guest',
          new Map([
            ['a', [20, 20.02, 19.98]],
            ['b', guestB],
          ]),
        ],
      ]);
    expect(differenceSettled(mixed([12, 13.1, 11, 12.6, 11.4]), 'native', settle, 5)).toBe(true);
    expect(differenceSettled(mixed([10.1, 11.2, 9.1, 10.5, 9.5]), 'native', settle, 5)).toBe(false);
  });
  it('never settles the baseline alone or a platform without values', () => {
    expect(differenceSettled(new Map([['native', new Map([['time', [10, 11, 9]]])]]), 'native', settle, 5)).toBe(false);
    expect(differenceSettled(samples([10, 11, 9], [12]), 'native', settle, 5)).toBe(false);
  });
  it('calls a platform equal to the baseline different in at most 5% of campaigns over all its looks (seeded simulation)', () => {
    // Normal values with the same mean on both sides (Box-Muller over a seeded generator), 8% spread; each simulated
    // point repeats from min to max, stopping at the first look that says "difference". A rule that looked at the
    // plain 95% interval each round stops so far more often than 5%: why the boundary is there.
    const gaussian = (seed: number) => {
      const random = seededRandom(seed);
      return () => 0.8 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    };
    type Rule = (native: number[], guest: number[], round: number) => boolean;
    /** Over `trials` simulated points (guest mean 10 + shift, native 10): the share stopped for a difference, mean rounds. */
    const simulate = (rule: Rule, shift: number, seed: number, trials: number) => {
      const noise = gaussian(seed);
      let stopped = 0;
      let rounds = 0;
      for (let t = 0; t < trials; t++) {
        const native: number[] = [];
        const guest: number[] = [];
        for (let round = 1; round <= settle.max; round++) {
          native.push(10 + noise());
          guest.push(10 + shift + noise());
          if (round >= settle.min && rule(native, guest, round)) {
            stopped++;
            break;
          }
        }
        rounds += native.length;
      }
      return { share: stopped / trials, rounds: rounds / trials };
    };
    const product: Rule = (native, guest, round) => {
      const d = decidePoint({ rounds: round, pending: false, failed: 0, samples: samples(native, guest) }, { ...settle, targetPct: 0.001 }, 'native');
      return d.kind === 'stop' && d.reason === 'difference';
    };
    const excludesOneAt =
      (level: number): Rule =>
      (native, guest) =>
        verdictOf(describeSample(guest), describeSample(native), level).significant;
    expect(simulate(product, 0, 20261130, 1000).share).toBeLessThanOrEqual(0.05);
    expect(simulate(excludesOneAt(0.95), 0, 20261130, 1000).share).toBeGreaterThan(0.1);
    // Spending the 5% where a point is likelier to end (Pocock's shape) stops a real 10% difference sooner than
    // Bonferroni's equal split over the 8 looks does, on the same values.
    expect(simulate(product, 1, 7, 400).rounds).toBeLessThan(simulate(excludesOneAt(1 - 0.05 / 8), 1, 7, 400).rounds);
  });
});
