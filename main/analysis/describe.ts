// Descriptive statistics of one sample: mean, median, sample sd, t confidence interval of the mean, CV.
import { studentTQuantile } from './distributions.ts';
import type { Interval } from './types.ts';

export interface DescribeOptions {
  /** Confidence level of the interval of the mean (default 0.95). */
  confidence?: number;
  /** CV above which a group is flagged noisy (default 0.05, i.e. 5%). */
  noisyCv?: number;
}

export interface Description {
  n: number;
  mean: number;
  median: number | null;
  sd: number | null;
  min: number;
  max: number;
  ci: Interval | null;
  cv: number | null;
  noisy: boolean;
}

export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_NOISY_CV = 0.05;

/** The t interval and CV from n, mean and sd: shared by the raw-sample and the SQL-moments paths. */
export function fromMoments(
  n: number,
  mean: number,
  sd: number | null,
  min: number,
  max: number,
  median: number | null,
  options: DescribeOptions = {},
): Description {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const noisyCv = options.noisyCv ?? DEFAULT_NOISY_CV;
  let ci: Interval | null = null;
  if (sd !== null && n >= 2) {
    const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
    ci = { low: mean - half, high: mean + half };
  }
  const cv = sd !== null && mean !== 0 ? sd / Math.abs(mean) : null;
  return { n, mean, median, sd, min, max, ci, cv, noisy: cv !== null && cv > noisyCv };
}

export function describe(values: readonly number[], options: DescribeOptions = {}): Description {
  const n = values.length;
  if (n === 0) throw new RangeError('cannot describe an empty sample');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  // Two passes: squared deviations from the mean do not lose precision the way sum-of-squares does.
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return fromMoments(n, mean, sd, min, max, median, options);
}
