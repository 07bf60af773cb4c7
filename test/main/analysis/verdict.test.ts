// The one significance verdict (Welch, 95%) and the ratio interval shown next to it: the interval excludes 1 exactly
// when the verdict says significant, where Fieller's own Satterthwaite degrees of freedom let them disagree.
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../../main/analysis/describe.ts';
import { fiellerRatio } from '../../../main/analysis/fieller.ts';
import { relativeToBaseline } from '../../../main/analysis/relative.ts';
import type { Summary } from '../../../main/analysis/types.ts';
import { verdictOf, verdictRule } from '../../../main/analysis/verdict.ts';
import { welchTest } from '../../../main/analysis/welch.ts';
import { seededRandom } from '../../../main/scenarios/rng.ts';

const summary = (platform: string, values: number[], better: 'lower' | 'higher' = 'lower'): Summary => ({
  platform,
  benchmark: 'npb-serial',
  metric: 'time',
  point: 'ep',
  nodeCount: 1,
  unit: better === 'lower' ? 's' : 'MB/s',
  better,
  ...describe(values),
});

const excludesOne = (ci: { low: number; high: number } | null, one: number) => ci !== null && (ci.low > one || ci.high < one);

suite('verdict', () => {
  it("is Welch's two-sided test at 95%, and says when there is nothing to test", () => {
    const v = verdictOf(describe([12, 14, 16]), describe([9, 10, 11]));
    expect(v.p).toBeCloseTo(0.0548, 3);
    expect(v.p).toBe(welchTest(describe([12, 14, 16]), describe([9, 10, 11]))!.p);
    expect(v.significant).toBe(false);
    expect(verdictOf(describe([12, 14, 16]), describe([9, 10, 11]), 0.9).significant).toBe(true);
    expect(verdictOf(describe([12]), describe([9, 10, 11]))).toEqual({ p: null, significant: false, welch: null });
    expect(verdictRule()).toMatch(/Welch's two-sided t-test .* p < 0\.05 \(95% level/);
  });

  it('gives the ratio an interval that agrees with it: [12, 14, 16] against [9, 10, 11] (p = 0.055)', () => {
    // Fieller's interval on its own Satterthwaite df (2.4 at the ratio 1.4) excluded 1 while Welch (df 2.94) did not.
    expect(fiellerRatio(describe([12, 14, 16]), describe([9, 10, 11])).ci!.low).toBeGreaterThan(1);
    const [r] = relativeToBaseline([summary('native', [9, 10, 11]), summary('kvm', [12, 14, 16])], { baseline: 'native' }).relatives;
    expect(r!.significant).toBe(false);
    expect(r!.ci!.low).toBeLessThan(1);
    expect(r!.ci!.high).toBeGreaterThan(1.4);
  });

  it('never disagrees with the interval, in 20,000 seeded comparisons of noisy guests (times and throughputs)', () => {
    const random = seededRandom(12);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let disagree = 0;
    let significant = 0;
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = 2 + Math.floor(random() * 5);
      const ratio = 0.7 + random() * 1.2;
      const cvGuest = 0.01 + random() * 0.4;
      const cvBase = 0.01 + random() * 0.1;
      const better = i % 2 ? 'lower' : 'higher';
      const guest = Array.from({ length: n }, () => ratio * (1 + cvGuest * normal()));
      const base = Array.from({ length: 2 + Math.floor(random() * 5) }, () => 1 + cvBase * normal());
      const [r] = relativeToBaseline([summary('native', base, better), summary('vm', guest, better)], { baseline: 'native' }).relatives;
      if (r!.p === null || r!.ci === null) continue;
      compared++;
      if (r!.significant) significant++;
      if (excludesOne(r!.ci, better === 'lower' ? 1 : 100) !== r!.significant) disagree++;
    }
    expect(compared).toBeGreaterThan(19_000);
    expect(significant).toBeGreaterThan(1000); // both verdicts occur often
    expect(compared - significant).toBeGreaterThan(1000);
    expect(disagree).toBe(0);
  });
});
