// Confidence interval of a ratio of two independent means, mean(a) / mean(b).
//
// Fieller's theorem rather than the delta method: with the few repetitions a benchmark campaign affords (3-10 per
// point) and noisy baselines, the sampling distribution of a ratio is skewed; the delta method forces a symmetric
// interval that under-covers as the denominator's relative error grows, while Fieller's interval is exact for normal
// means, comes out asymmetric when it should, and says plainly when the ratio is not bounded at all (the baseline mean
// is not distinguishable from zero). For precise baselines both agree, so nothing is lost.
import { studentTQuantile } from './distributions.ts';
import type { SampleMoments } from './welch.ts';
import type { Interval } from './types.ts';

export interface RatioInterval {
  ratio: number;
  /** null when unbounded (g >= 1) or not estimable (a side with n < 2, or mean(b) = 0). */
  ci: Interval | null;
  df: number | null;
  reason?: string;
}

/**
 * `df`: the degrees of freedom of the t quantile; default Satterthwaite's for the combined variance at the estimated
 * ratio. A comparison with the baseline passes Welch's (main/analysis/verdict.ts): Fieller's pivot at ratio 1 is Welch's
 * t, so the interval then excludes 1 exactly when Welch's test at the same level is significant.
 */
export function fiellerRatio(a: SampleMoments, b: SampleMoments, confidence = 0.95, df?: number): RatioInterval {
  if (b.mean === 0) return { ratio: NaN, ci: null, df: null, reason: 'baseline mean is zero' };
  const ratio = a.mean / b.mean;
  if (a.n < 2 || b.n < 2 || a.sd === null || b.sd === null) return { ratio, ci: null, df: null, reason: 'fewer than 2 values on a side' };
  const va = (a.sd * a.sd) / a.n; // variance of mean(a)
  const vb = (b.sd * b.sd) / b.n;
  const combined = va + ratio * ratio * vb;
  if (combined === 0) return { ratio, ci: { low: ratio, high: ratio }, df: null };
  // Satterthwaite degrees of freedom of the combined variance va + R^2 vb, unless given.
  const dof = df ?? (combined * combined) / ((va * va) / (a.n - 1) + (ratio ** 4 * vb * vb) / (b.n - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, dof);
  const g = (t * t * vb) / (b.mean * b.mean);
  if (g >= 1) return { ratio, ci: null, df: dof, reason: 'unbounded: the baseline mean is not distinguishable from zero' };
  // Independent samples (no covariance term): limits = (R +- (t / |b|) sqrt(va (1 - g) + R^2 vb)) / (1 - g).
  const half = (t / Math.abs(b.mean)) * Math.sqrt(va * (1 - g) + ratio * ratio * vb);
  return { ratio, ci: { low: (ratio - half) / (1 - g), high: (ratio + half) / (1 - g) }, df: dof };
}
