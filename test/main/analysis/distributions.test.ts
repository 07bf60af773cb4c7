import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../../main/analysis/distributions.ts';

describe('Student t quantile', () => {
  it('matches the printed t table (two-sided 95%)', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [5, 2.571],
      [9, 2.262],
      [10, 2.228],
      [29, 2.045],
      [30, 2.042],
      [120, 1.98],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });
  it('matches reference values to 1e-9, including non-integer degrees of freedom and other levels', () => {
    // scipy.stats.t.ppf
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749464, 9);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621571627982053, 9);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.045229642132703, 9);
    expect(studentTQuantile(0.995, 3.7)).toBeCloseTo(4.8692522532278275, 9);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
  });
  it('gives the bits the plain bisection gives: the steps taken without evaluating the tail decide as evaluating would', () => {
    // The quantile as it was computed before its steps far from the root were decided from where Newton put it.
    const plain = (p: number, df: number): number => {
      const tail = 1 - p;
      const upperTail = (t: number) => 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
      let lo = 0;
      let hi = 1;
      while (upperTail(hi) > tail) {
        lo = hi;
        hi *= 2;
        if (hi > 1e300) break;
      }
      for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
        const mid = (lo + hi) / 2;
        if (upperTail(mid) > tail) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases: [number, number][] = [];
    for (let df = 1; df <= 60; df++) for (const p of [0.975, 0.995, 0.9, 0.6, 0.9999999]) cases.push([p, df]);
    // Welch-Satterthwaite degrees of freedom are not integers; levels other than 95% come from the options.
    for (let i = 0; i < 1500; i++) cases.push([rand() < 0.5 ? 0.975 : 0.5 + rand() * 0.4999, 0.3 + rand() ** 3 * 20000]);
    const differing = cases.filter(([p, df]) => !Object.is(studentTQuantile(p, df), plain(p, df)));
    expect(differing).toEqual([]);
  });
  it('is symmetric and inverts the CDF', () => {
    for (const df of [1, 2.5, 7, 40]) {
      for (const p of [0.01, 0.1, 0.3, 0.5, 0.8, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 10);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 9);
      }
    }
  });
  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('Student t CDF', () => {
  it('matches closed forms: Cauchy (df=1) and df=2', () => {
    for (const t of [-3, -0.5, 0, 1, 4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(t * t + 2)), 12);
    }
  });
  it('matches reference values', () => {
    // scipy.stats.t.cdf / sf
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.9749941140914443, 10);
    expect(studentTCdf(-3.5, 4.5)).toBeCloseTo(0.010270844984692789, 10);
    expect(studentTTwoSidedP(10, 3)).toBeCloseTo(0.0021283990584141503, 12);
    expect(studentTTwoSidedP(135.304131944815, 4.159066486631306) / 9.757971121814109e-9).toBeCloseTo(1, 6);
  });
});

describe('incomplete beta and log gamma', () => {
  it('satisfies known identities', () => {
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12); // I_x(a, 1) = x^a
    expect(incompleteBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 12); // I_x(1, b) = 1 - (1 - x)^b
    expect(incompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0.4, 2.5, 3.5)).toBeCloseTo(0.4869041915261176, 10); // scipy.special.betainc
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
  it('log gamma matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });
});
