// Group-sequential boundaries against published constants: Pocock's (1977) constant boundaries and O'Brien & Fleming's
// (1979) constants for K equally spaced looks at two-sided alpha 0.05 (Jennison & Turnbull, Group Sequential Methods,
// 2000, Tables 2.1 and 2.3), and Lan & DeMets' (1983) Pocock-type spending boundaries for 5 equally spaced looks
// (2.438, 2.427, 2.410, 2.397, 2.386; their Table 1, also ldbounds' and gsDesign's output).
import { describe, expect, it } from 'vitest';
import {
  exitProbabilities,
  lazySpendingBoundaries,
  nominalConfidence,
  normalCdf,
  normalQuantile,
  pocockSpending,
  spendingBoundaries,
} from '../../../main/analysis/group-sequential.ts';

const equallySpaced = (k: number) => Array.from({ length: k }, (_, i) => (i + 1) / k);
const total = (t: number[], c: number[]) => exitProbabilities(t, c).reduce((a, b) => a + b, 0);

/** The constant C with boundaries C * shape(k) whose overall two-sided type I error is 0.05 (bisection). */
function constantFor(k: number, shape: (look: number) => number): number {
  const t = equallySpaced(k);
  let lo = 1.5;
  let hi = 3.5;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (
      total(
        t,
        t.map((_, j) => mid * shape(j)),
      ) > 0.05
    )
      lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('normal distribution', () => {
  it('has the textbook quantiles and inverts its distribution function', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    for (const p of [0.0005, 0.02, 0.3, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('exitProbabilities (recursive numerical integration)', () => {
  it("gives Pocock's constants for 2, 3 and 5 looks", () => {
    expect(constantFor(2, () => 1)).toBeCloseTo(2.178, 3);
    expect(constantFor(3, () => 1)).toBeCloseTo(2.289, 3);
    expect(constantFor(5, () => 1)).toBeCloseTo(2.413, 3);
  });
  it("gives O'Brien & Fleming's constants for 2 and 5 looks", () => {
    expect(constantFor(2, (j) => Math.sqrt(2 / (j + 1)))).toBeCloseTo(1.977, 3);
    expect(constantFor(5, (j) => Math.sqrt(5 / (j + 1)))).toBeCloseTo(2.04, 3);
  });
  it('is the plain two-sided tail at one look', () => {
    expect(exitProbabilities([1], [1.959964])[0]).toBeCloseTo(0.05, 6);
  });
});

describe('spendingBoundaries', () => {
  it("gives Lan & DeMets' Pocock-type boundaries for 5 equally spaced looks", () => {
    const c = spendingBoundaries(equallySpaced(5), (t) => pocockSpending(0.05, t));
    [2.438, 2.427, 2.41, 2.397, 2.386].forEach((want, k) => expect(c[k]).toBeCloseTo(want, 3));
  });
  it('spends exactly the spending function: alpha(t_k) in all by look k', () => {
    const t = [3, 4, 5, 6, 7, 8, 9, 10].map((n) => n / 10);
    const c = spendingBoundaries(t, (x) => pocockSpending(0.05, x));
    const exits = exitProbabilities(t, c);
    let sum = 0;
    t.forEach((x, k) => {
      sum += exits[k]!;
      expect(sum).toBeCloseTo(pocockSpending(0.05, x), 5);
    });
    expect(sum).toBeCloseTo(0.05, 5);
  });
  it('computes look by look on demand, with the same values', () => {
    const t = equallySpaced(5);
    const lazy = lazySpendingBoundaries(t, (x) => pocockSpending(0.05, x));
    expect(lazy.at(2)).toBeCloseTo(2.41, 3);
    expect(lazy.at(0)).toBeCloseTo(2.438, 3);
    expect(() => lazy.at(5)).toThrow(RangeError);
  });
  it('refuses looks that do not increase within (0, 1]', () => {
    expect(() => spendingBoundaries([0.5, 0.5], (x) => x)).toThrow(RangeError);
    expect(() => spendingBoundaries([0, 1], (x) => x)).toThrow(RangeError);
    expect(() => spendingBoundaries([], (x) => x)).toThrow(RangeError);
  });
});

describe('nominalConfidence', () => {
  it('is the two-sided level of a boundary', () => {
    expect(nominalConfidence(1.959964)).toBeCloseTo(0.95, 6);
    expect(nominalConfidence(2.575829)).toBeCloseTo(0.99, 6);
    expect(nominalConfidence(Infinity)).toBe(1);
  });
});
