// Welch's unequal-variance t-test: do two platforms' means differ? (No equal-variance assumption: guests are often noisier.)
import { studentTTwoSidedP } from './distributions.ts';

export interface SampleMoments {
  n: number;
  mean: number;
  sd: number | null;
}

export interface WelchResult {
  t: number;
  df: number;
  p: number;
}

/** Two-sided test of equal means; null when a side has fewer than 2 values (no variance estimate). */
export function welchTest(a: SampleMoments, b: SampleMoments): WelchResult | null {
  if (a.n < 2 || b.n < 2 || a.sd === null || b.sd === null) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se2 = va + vb;
  const diff = a.mean - b.mean;
  if (se2 === 0) {
    // Both samples constant: the means differ with certainty, or not at all.
    return diff === 0 ? { t: 0, df: a.n + b.n - 2, p: 1 } : { t: diff > 0 ? Infinity : -Infinity, df: a.n + b.n - 2, p: 0 };
  }
  const t = diff / Math.sqrt(se2);
  // Welch-Satterthwaite degrees of freedom.
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { t, df, p: studentTTwoSidedP(t, df) };
}
