import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../../main/analysis/describe.ts';
import { welchTest } from '../../../main/analysis/welch.ts';
import { fiellerRatio } from '../../../main/analysis/fieller.ts';
import { summarizeMoments, summarizeObservations } from '../../../main/analysis/summary.ts';
import { relativeToBaseline } from '../../../main/analysis/relative.ts';
import type { MetricObservation } from '../../../main/analysis/types.ts';

// Deterministic normal samples (LCG + Box-Muller) so statistical tests are reproducible.
function normals(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

suite('describe', () => {
  it('computes n, mean, median, sample sd, min, max, 95% t interval and CV', () => {
    const d = describe([5, 1, 4, 2, 3]);
    expect(d).toMatchObject({ n: 5, mean: 3, median: 3, min: 1, max: 5 });
    expect(d.sd).toBeCloseTo(1.5811388300841898, 12);
    // scipy.stats.t.interval(0.95, 4, loc=3, scale=sem)
    expect(d.ci!.low).toBeCloseTo(1.0367568385224428, 10);
    expect(d.ci!.high).toBeCloseTo(4.963243161477557, 10);
    expect(d.cv).toBeCloseTo(1.5811388300841898 / 3, 12);
    expect(d.noisy).toBe(true);
  });
  it('even-sized median, a quiet sample, one value, and the noisy threshold', () => {
    expect(describe([4, 1, 3, 2]).median).toBe(2.5);
    const quiet = describe([100, 101, 99, 100.5]);
    expect(quiet.noisy).toBe(false);
    expect(describe([100, 101, 99, 100.5], { noisyCv: 0.001 }).noisy).toBe(true);
    expect(describe([7])).toMatchObject({ n: 1, mean: 7, median: 7, sd: null, ci: null, cv: null, noisy: false });
    expect(() => describe([])).toThrow(RangeError);
  });
  it('stays precise for large values with a tiny spread (two-pass variance)', () => {
    const d = describe([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(d.sd).toBeCloseTo(1, 9);
  });
});

suite('Welch t-test', () => {
  it('matches scipy ttest_ind(equal_var=False)', () => {
    const native = describe([80.1, 79.5, 80.9, 80.3, 79.8]);
    const xen = describe([159.2, 161.0, 158.7, 160.5]);
    const w = welchTest(xen, native)!;
    expect(w.t).toBeCloseTo(135.304131944815, 8);
    expect(w.df).toBeCloseTo(4.159066486631306, 10);
    expect(w.p / 9.757971121814109e-9).toBeCloseTo(1, 6);
    const close = welchTest(describe([10.2, 10.6, 10.1, 10.5, 10.8, 10.0]), describe([10.0, 10.4, 9.7, 10.1, 10.3, 9.9]))!;
    expect(close.t).toBeCloseTo(1.8072434900306247, 10);
    expect(close.df).toBeCloseTo(9.638916750250756, 10);
    expect(close.p).toBeCloseTo(0.10197949813474785, 10);
  });
  it('is not testable with a single value, and decides constant samples exactly', () => {
    expect(welchTest(describe([1]), describe([1, 2]))).toBeNull();
    expect(welchTest(describe([2, 2]), describe([2, 2]))!.p).toBe(1);
    expect(welchTest(describe([3, 3]), describe([2, 2]))!.p).toBe(0);
  });
  it('keeps its false positive rate near 5% under the null (unequal variances)', () => {
    const draw = normals(7);
    let rejections = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const a = describe(Array.from({ length: 5 }, () => draw(100, 1)));
      const b = describe(Array.from({ length: 8 }, () => draw(100, 4)));
      if (welchTest(a, b)!.p < 0.05) rejections++;
    }
    expect(rejections / trials).toBeGreaterThan(0.03);
    expect(rejections / trials).toBeLessThan(0.07);
  });
});

suite('Fieller ratio interval', () => {
  it('agrees with the delta method when the baseline is precise, and is asymmetric when it is not', () => {
    const a = { n: 10, mean: 110, sd: 2 };
    const b = { n: 10, mean: 100, sd: 0.5 };
    const r = fiellerRatio(a, b);
    const delta = 2.2621571627982053 * Math.sqrt(4 / 10 / 100 ** 2 + (110 ** 2 * 0.25) / 10 / 100 ** 4); // approx df
    expect(r.ratio).toBeCloseTo(1.1, 12);
    expect(r.ci!.low).toBeLessThan(1.1);
    expect(r.ci!.high).toBeGreaterThan(1.1);
    expect(r.ci!.high - r.ci!.low).toBeCloseTo(2 * delta, 2);
    const noisy = fiellerRatio({ n: 4, mean: 110, sd: 2 }, { n: 4, mean: 100, sd: 20 });
    expect(noisy.ci!.high - noisy.ratio).toBeGreaterThan(noisy.ratio - noisy.ci!.low); // skewed upwards
  });
  it('says so when the ratio is unbounded or not estimable', () => {
    expect(fiellerRatio({ n: 3, mean: 1, sd: 0.1 }, { n: 3, mean: 0.5, sd: 5 }).ci).toBeNull();
    expect(fiellerRatio({ n: 3, mean: 1, sd: 0.1 }, { n: 3, mean: 0.5, sd: 5 }).reason).toMatch(/unbounded/);
    expect(fiellerRatio({ n: 1, mean: 1, sd: null }, { n: 3, mean: 2, sd: 1 }).ci).toBeNull();
    expect(fiellerRatio({ n: 3, mean: 1, sd: 0 }, { n: 3, mean: 2, sd: 0 }).ci).toEqual({ low: 0.5, high: 0.5 });
  });
  it('covers the true ratio about 95% of the time with 5 repetitions a side', () => {
    const draw = normals(11);
    let covered = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const a = describe(Array.from({ length: 5 }, () => draw(150, 15)));
      const b = describe(Array.from({ length: 5 }, () => draw(100, 10)));
      const ci = fiellerRatio(a, b).ci;
      if (ci && ci.low <= 1.5 && 1.5 <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});

const obs = (platform: string, metric: string, point: string, values: number[], better: 'lower' | 'higher' = 'lower', nodeCount = 1): MetricObservation[] =>
  values.map((value, i) => ({ platform, benchmark: 'b', metric, point, nodeCount, value, unit: better === 'lower' ? 's' : 'MB/s', better, runId: i + 1 }));

suite('summaries and relative comparison', () => {
  it('groups by platform, benchmark, metric, point and node count, in numeric point order', () => {
    const s = summarizeObservations([...obs('native', 't', '16', [1, 2]), ...obs('native', 't', '2', [3, 5]), ...obs('native', 't', '2', [7], 'lower', 4)]);
    expect(s.map((x) => [x.point, x.nodeCount, x.n, x.mean])).toEqual([
      ['2', 1, 2, 4],
      ['2', 4, 1, 7],
      ['16', 1, 2, 1.5],
    ]);
    expect(() => summarizeObservations([...obs('n', 't', '1', [1]), ...obs('n', 't', '1', [2], 'higher')])).toThrow(/reports/);
  });
  it('moments from SQL give the same summary as raw values, without the median', () => {
    const values = [3.1, 2.9, 3.4, 3.0, 3.3];
    const raw = summarizeObservations(obs('native', 't', '', values))[0]!;
    const m = summarizeMoments({
      platform: 'native',
      benchmark: 'b',
      metric: 't',
      point: '',
      nodeCount: 1,
      unit: 's',
      better: 'lower',
      n: 5,
      sum: values.reduce((a, b) => a + b),
      sumSq: values.reduce((a, b) => a + b * b, 0),
      min: 2.9,
      max: 3.4,
    });
    expect(m.median).toBeNull();
    expect(m.mean).toBeCloseTo(raw.mean, 12);
    expect(m.sd!).toBeCloseTo(raw.sd!, 10);
    expect(m.ci!.low).toBeCloseTo(raw.ci!.low, 10);
  });
  it('time-like metrics become ratios, throughput becomes % of native, with significance; unmatched groups are listed', () => {
    const s = summarizeObservations([
      ...obs('native', 'time', 'cg', [100, 101, 99, 100]),
      ...obs('xen', 'time', 'cg', [150, 152, 149, 151]),
      ...obs('openvz', 'time', 'cg', [100.5, 99.5, 101, 99]),
      ...obs('native', 'bw', '', [940, 941, 939], 'higher'),
      ...obs('xen', 'bw', '', [888, 889, 887], 'higher'),
      ...obs('xen', 'time', 'is', [5, 6]),
      ...obs('native', 'time', 'ft', [9, 9.5]),
    ]);
    const { relatives, unmatched } = relativeToBaseline(s, { baseline: 'native' });
    const get = (p: string, m: string) => relatives.find((r) => r.platform === p && r.metric === m)!;
    expect(get('xen', 'time')).toMatchObject({ kind: 'ratio', significant: true });
    expect(get('xen', 'time').value).toBeCloseTo(1.505, 3);
    expect(get('openvz', 'time').significant).toBe(false);
    expect(get('openvz', 'time').ci!.low).toBeLessThan(1);
    expect(get('openvz', 'time').ci!.high).toBeGreaterThan(1);
    expect(get('xen', 'bw').kind).toBe('percent');
    expect(get('xen', 'bw').value).toBeCloseTo((888 / 940) * 100, 8);
    expect(get('xen', 'bw').ci!.low).toBeLessThan(get('xen', 'bw').value);
    expect(unmatched.map((u) => [u.platform, u.point, u.reason])).toEqual(
      expect.arrayContaining([
        ['xen', 'is', 'no native (baseline) measurement at this point'],
        ['native', 'ft', 'only the baseline measured this point'],
      ]),
    );
  });
});
