// Input and output shapes of the analysis. Pure data: the store fills them, the UI and reports read them.

export type Better = 'lower' | 'higher';

/** One measured value of one run: the unit of statistical input. */
export interface MetricObservation {
  platform: string;
  benchmark: string;
  metric: string;
  /** The x of the measurement (message size, file size, kernel name...); '' when there is none. */
  point: string;
  /** Nodes the run used (the x of MPI scaling); 1 for single-node runs. */
  nodeCount: number;
  value: number;
  unit: string;
  better: Better;
  runId: number;
}

/** A run of the plan that produced no usable result (and was not later retried successfully). */
export interface FailedRun {
  runId: number;
  platform: string;
  benchmark: string;
  /** Plan parameters of the run, e.g. { kernel: 'bt', class: 'C' }. */
  params: Record<string, unknown>;
  nodeCount: number;
  state: 'failed' | 'interrupted' | 'cancelled';
  /** Why, as recorded by the engine; never empty (a generic reason is substituted). */
  reason: string;
}

/** What identifies one group of repeated measurements. */
export interface GroupKey {
  platform: string;
  benchmark: string;
  metric: string;
  point: string;
  nodeCount: number;
}

export interface Interval {
  low: number;
  high: number;
}

export interface Summary extends GroupKey {
  unit: string;
  better: Better;
  n: number;
  mean: number;
  /** null when only moments are known (SQL aggregate path). */
  median: number | null;
  /** Sample standard deviation (n - 1); null when n < 2. */
  sd: number | null;
  min: number;
  max: number;
  /** 95% (or the requested level) Student-t confidence interval of the mean; null when n < 2. */
  ci: Interval | null;
  /** Coefficient of variation sd/|mean|; null when undefined (n < 2 or mean 0). */
  cv: number | null;
  noisy: boolean;
}

/** Precomputed per-group moments (from SQL): enough for everything but the median. */
export interface GroupMoments extends GroupKey {
  unit: string;
  better: Better;
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

export interface Relative extends GroupKey {
  baseline: string;
  /**
   * 'ratio' for lower-is-better metrics (guest/native time, 1.0 = native, above 1 = slower);
   * 'percent' for higher-is-better metrics (guest as % of native throughput, 100 = native).
   */
  kind: 'ratio' | 'percent';
  /** In the unit of `kind` (ratio or percent). */
  value: number;
  /** Fieller confidence interval in the same unit; null when unbounded or not estimable (n < 2 on a side). */
  ci: Interval | null;
  /** Welch two-sided p-value of guest vs baseline means; null when not testable. */
  p: number | null;
  /** p < alpha. */
  significant: boolean;
  guest: Summary;
  base: Summary;
  note?: string;
}
