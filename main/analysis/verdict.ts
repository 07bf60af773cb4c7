// THE significance verdict of a platform's point against the baseline's: the only one VirtLab shows (figure tables and
// tooltips, Compare, the CLI's comparison, the report's summary pages). Welch's two-sided t-test of equal means (no
// equal-variance assumption: guests are often noisier than the hosts) at 95%. The report states the rule once, in its
// method appendix (VERDICT_RULE); a benchmark family on a summary page is judged by its points' verdicts, never by a
// test of its own.
import { welchTest, type SampleMoments, type WelchResult } from './welch.ts';

export const VERDICT_CONFIDENCE = 0.95;

/** The rule in words, for the report's method appendix. */
export function verdictRule(confidence = VERDICT_CONFIDENCE): string {
  const level = `${Number((confidence * 100).toFixed(3))}%`;
  return (
    `Significance: a platform differs from the baseline at a point when Welch's two-sided t-test of their means gives ` +
    `p < ${Number((1 - confidence).toFixed(5))} (${level} level, no correction for the number of points); the ratio's ${level} Fieller interval uses ` +
    `Welch's degrees of freedom, so it excludes 1 (or 100%) exactly then. Each summary page judges a benchmark family by these per-point verdicts.`
  );
}

export interface Verdict {
  /** Welch's two-sided p; null when not testable (fewer than 2 values on a side). */
  p: number | null;
  /** p < 1 - confidence; false when not testable. */
  significant: boolean;
  /** The test itself (its degrees of freedom give the ratio's interval); null when not testable. */
  welch: WelchResult | null;
}

/** Does `guest`'s mean differ from `base`'s at `confidence`? */
export function verdictOf(guest: SampleMoments, base: SampleMoments, confidence = VERDICT_CONFIDENCE): Verdict {
  const welch = welchTest(guest, base);
  return { p: welch?.p ?? null, significant: welch !== null && welch.p < 1 - confidence, welch };
}
