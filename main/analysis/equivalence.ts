// Paired ratio of two ways of measuring the same thing (A B A B ...: pair i is a_i next to b_i), its confidence
// interval, and an equivalence verdict by two one-sided tests (TOST) within a margin.
//
// The pair's log ratio ln(a_i / b_i) is the unit of analysis: alternating cancels slow drift of the machine's load,
// and the log makes the ratio's interval multiplicative (a 5% margin is the same on either side of 1 after
// exponentiation, using ln(1 - m) and ln(1 + m) as the bounds). The interval is for the geometric mean ratio.
import { studentTCdf, studentTQuantile } from './distributions.ts';
import type { Interval } from './types.ts';

export interface PairedRatio {
  pairs: number;
  /** Geometric mean of a_i / b_i. */
  ratio: number;
  /** Confidence interval of the ratio (default 95%); null with fewer than 2 pairs. */
  ci: Interval | null;
  /** TOST p-value: the larger of the two one-sided p-values; below alpha means equivalent within the margin. */
  tostP: number | null;
  equivalent: boolean;
  verdict: 'equivalent' | 'not shown equivalent' | 'too few pairs';
}

export interface EquivalenceOptions {
  /** Relative margin, e.g. 0.05 for +-5%. */
  margin: number;
  confidence?: number;
  alpha?: number;
}

export function pairedRatio(a: readonly number[], b: readonly number[], o: EquivalenceOptions): PairedRatio {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  if (!(o.margin > 0 && o.margin < 1)) throw new RangeError(`margin must be in (0, 1), got ${o.margin}`);
  const logs = a.map((x, i) => {
    const y = b[i]!;
    if (!(x > 0 && y > 0)) throw new RangeError(`pair ${i + 1} is not positive: ${x} / ${y}`);
    return Math.log(x / y);
  });
  const n = logs.length;
  const mean = n ? logs.reduce((s, x) => s + x, 0) / n : NaN;
  const ratio = Math.exp(mean);
  if (n < 2) return { pairs: n, ratio, ci: null, tostP: null, equivalent: false, verdict: 'too few pairs' };
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const t = studentTQuantile(1 - (1 - (o.confidence ?? 0.95)) / 2, df);
  const ci = { low: Math.exp(mean - t * se), high: Math.exp(mean + t * se) };
  const lower = Math.log(1 - o.margin);
  const upper = Math.log(1 + o.margin);
  let tostP: number;
  if (se === 0) tostP = mean > lower && mean < upper ? 0 : 1;
  else {
    const pLower = 1 - studentTCdf((mean - lower) / se, df); // H0: mean <= lower
    const pUpper = studentTCdf((mean - upper) / se, df); // H0: mean >= upper
    tostP = Math.max(pLower, pUpper);
  }
  const equivalent = tostP < (o.alpha ?? 0.05);
  return { pairs: n, ratio, ci, tostP, equivalent, verdict: equivalent ? 'equivalent' : 'not shown equivalent' };
}
