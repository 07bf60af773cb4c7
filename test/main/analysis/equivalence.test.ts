import { describe, expect, it } from 'vitest';
import { pairedRatio } from '../../../main/analysis/equivalence.ts';

describe('pairedRatio', () => {
  it('gives the geometric mean ratio and a t interval on the log ratios', () => {
    // log ratios ln(1.02), ln(0.98), ln(1.01), ln(0.99): mean near 0.
    const r = pairedRatio([102, 98, 101, 99], [100, 100, 100, 100], { margin: 0.05 });
    expect(r.pairs).toBe(4);
    expect(r.ratio).toBeCloseTo(Math.exp((Math.log(1.02) + Math.log(0.98) + Math.log(1.01) + Math.log(0.99)) / 4), 12);
    // sd of the logs ~0.01826, se ~0.00913, t(0.975, 3) = 3.182446
    const logs = [1.02, 0.98, 1.01, 0.99].map(Math.log);
    const m = logs.reduce((s, x) => s + x, 0) / 4;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    expect(r.ci!.low).toBeCloseTo(Math.exp(m - (3.182446 * sd) / 2), 5);
    expect(r.ci!.high).toBeCloseTo(Math.exp(m + (3.182446 * sd) / 2), 5);
  });

  it('says equivalent when the spread is small and the ratio near 1', () => {
    const a = [100.5, 99.8, 100.2, 100.1, 99.9, 100.3, 99.7, 100.0, 100.4, 99.6];
    const b = a.map((x, i) => x * (i % 2 ? 1.004 : 0.997));
    const r = pairedRatio(a, b, { margin: 0.05 });
    expect(r.verdict).toBe('equivalent');
    expect(r.tostP!).toBeLessThan(0.05);
  });

  it('does not say equivalent when the ratio sits outside the margin', () => {
    const b = [10, 11, 9, 10, 10.5, 9.5];
    const a = b.map((x) => x * 1.2);
    const r = pairedRatio(a, b, { margin: 0.05 });
    expect(r.ratio).toBeCloseTo(1.2, 10);
    expect(r.equivalent).toBe(false);
    expect(r.verdict).toBe('not shown equivalent');
  });

  it('does not say equivalent when the pairs are too noisy to bound the ratio', () => {
    const r = pairedRatio([100, 130, 80, 120], [110, 90, 115, 95], { margin: 0.05 });
    expect(r.equivalent).toBe(false);
    expect(r.ci!.low).toBeLessThan(0.95);
    expect(r.ci!.high).toBeGreaterThan(1.05);
  });

  it('refuses unpaired or non-positive samples, and says when there are too few pairs', () => {
    expect(() => pairedRatio([1, 2], [1], { margin: 0.05 })).toThrow(/differ in length/);
    expect(() => pairedRatio([1, 0], [1, 1], { margin: 0.05 })).toThrow(/pair 2 is not positive/);
    expect(pairedRatio([1], [1], { margin: 0.05 })).toMatchObject({ verdict: 'too few pairs', ci: null, equivalent: false });
  });
});
