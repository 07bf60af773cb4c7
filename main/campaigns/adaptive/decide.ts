// Does a point need another repetition? A pure function of what is stored about the point, so a resumed campaign
// decides exactly as the process that stopped would have. The width is that of the same intervals the comparison
// shows: Fieller's interval of each platform's ratio to the baseline (main/analysis/fieller.ts), per headline metric
// (points.ts picks them); with the baseline alone, the Student-t interval of its mean. With stopOnDifference a point
// also stops once each platform is within the target or shown different from the baseline at a group-sequential
// boundary over its looks (differenceConfidence).
import type { AdaptiveRepetitions } from '../../contract/scenarios.ts';
import { describe } from '../../analysis/describe.ts';
import { fiellerRatio } from '../../analysis/fieller.ts';
import { verdictOf } from '../../analysis/verdict.ts';
import { lazySpendingBoundaries, nominalConfidence, pocockSpending, type LazyBoundaries } from '../../analysis/group-sequential.ts';

/** Values of the point's measured (not warm-up) runs that are done: platform -> metric key -> values. */
export type PointSamples = ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;

export interface PointRecord {
  /** Measured rounds planned so far (repetitions 0..rounds-1). */
  rounds: number;
  /** A run of the point (warm-up included) is not finished yet. */
  pending: boolean;
  /** Measured runs whose latest attempt ended without a result. */
  failed: number;
  samples: PointSamples;
}

export type StopReason = 'target' | 'difference' | 'cap' | 'failed';

/** `unknown`: why the interval is not bounded although every side has values (zeroVarianceNote), when that is so. */
export type Decision = { widthPct: number | null; unknown?: string } & ({ kind: 'wait' } | { kind: 'more' } | { kind: 'stop'; reason: StopReason });

/**
 * A side (one platform's values of one metric) whose 2 or more values are all equal is not known yet: its spread is
 * below what the benchmark resolves (netperf's P50_LATENCY is a whole microsecond, a histogram bucket), not zero.
 * Its zero standard deviation would make a zero-width interval (a point "within +-0.0%") and a degenerate Welch's test
 * (any two such sides "different"), so such a side bounds nothing and settles nothing: the point repeats, to the cap
 * at most.
 */
const zeroVariance = (values: readonly number[]) => values.length >= 2 && values.every((v) => v === values[0]);

/** The sides of the point with zero variance in words ("native half_rtt @ 1: all 10 values 10.5"), or undefined. */
export function zeroVarianceNote(samples: PointSamples): string | undefined {
  const sides: string[] = [];
  for (const [platform, byMetric] of samples)
    for (const [metric, values] of byMetric) if (zeroVariance(values)) sides.push(`${platform} ${metric}: all ${values.length} values ${values[0]}`);
  return sides.length ? `no interval: ${sides.join('; ')} (zero variance, below the benchmark's resolution, so not known yet)` : undefined;
}

/** Half-width of an interval around `center`, relative to it, in percent (the larger side: Fieller's is asymmetric). */
const relativeHalfWidth = (center: number, ci: { low: number; high: number }) => (100 * Math.max(ci.high - center, center - ci.low)) / Math.abs(center);

/**
 * The widest relative interval of the point: every non-baseline platform's ratio to the baseline, every metric.
 * Infinity when one is not bounded (a side with fewer than 2 values or with zero variance, a baseline not
 * distinguishable from zero).
 */
export function pointWidthPct(samples: PointSamples, baseline: string, confidence: number): number {
  const base = samples.get(baseline);
  const others = [...samples.keys()].filter((p) => p !== baseline);
  let worst = 0;
  if (!base || base.size === 0) return Infinity;
  if (others.length === 0) {
    // The baseline alone: how precisely its own mean is known.
    for (const values of base.values()) {
      if (zeroVariance(values)) return Infinity;
      const d = describe(values, { confidence });
      worst = Math.max(worst, d.ci && d.mean !== 0 ? relativeHalfWidth(d.mean, d.ci) : Infinity);
    }
    return worst;
  }
  for (const platform of others) {
    const guest = samples.get(platform)!;
    for (const [metric, bv] of base) {
      const gv = guest.get(metric);
      if (!gv || gv.length === 0 || bv.length === 0 || zeroVariance(gv) || zeroVariance(bv)) return Infinity;
      const r = fiellerRatio(describe(gv), describe(bv), confidence);
      worst = Math.max(worst, r.ci && r.ratio !== 0 ? relativeHalfWidth(r.ratio, r.ci) : Infinity);
    }
  }
  return worst;
}

const boundaries = new Map<string, LazyBoundaries>();

/**
 * The level of the interval that may stop a point for a difference after `rounds` measured rounds: a group-sequential
 * boundary (Lan & DeMets' spending function of Pocock's type, main/analysis/group-sequential.ts) over the looks the
 * rounds from min to max make, at information fractions rounds / max, spending 1 - confidence in all: a true ratio of 1
 * is called different at some look at most that often. Each look's level lies between confidence and Bonferroni's
 * 1 - (1 - confidence) / looks, nearer the first (e.g. 97.9% at 3 of 3..10 rounds, 98.6% at 10, for 95%).
 */
export function differenceConfidence(config: AdaptiveRepetitions, rounds: number): number {
  const key = `${config.confidence}|${config.min}|${config.max}`;
  let b = boundaries.get(key);
  if (!b) {
    const looks = Array.from({ length: config.max - config.min + 1 }, (_, i) => (config.min + i) / config.max);
    b = lazySpendingBoundaries(looks, (t) => pocockSpending(1 - config.confidence, t));
    boundaries.set(key, b);
  }
  const look = Math.min(config.max, Math.max(config.min, rounds)) - config.min;
  return nominalConfidence(b.at(look));
}

/** The rule in words for the report: "97.92% at 3 rounds to 98.63% at 10", or one level when min = max. */
export function differenceLevelsText(config: AdaptiveRepetitions): string {
  const pct = (rounds: number) => `${Number((100 * differenceConfidence(config, rounds)).toFixed(2))}%`;
  return config.min === config.max ? pct(config.min) : `${pct(config.min)} at ${config.min} rounds to ${pct(config.max)} at ${config.max}`;
}

/**
 * Is the point's verdict settled, each non-baseline platform and metric either within the target or different from
 * the baseline (Welch's test at `differenceConfidence` for this many rounds; its ratio interval then excludes 1)? False
 * with the baseline alone: it has no difference to show.
 */
export function differenceSettled(samples: PointSamples, baseline: string, config: AdaptiveRepetitions, rounds: number): boolean {
  const base = samples.get(baseline);
  const others = [...samples.keys()].filter((p) => p !== baseline);
  if (!base || base.size === 0 || others.length === 0) return false;
  const level = differenceConfidence(config, rounds);
  for (const platform of others) {
    const guest = samples.get(platform)!;
    for (const [metric, bv] of base) {
      const gv = guest.get(metric);
      if (!gv || gv.length === 0 || bv.length === 0 || zeroVariance(gv) || zeroVariance(bv)) return false;
      const one = new Map([
        [baseline, new Map([[metric, bv]])],
        [platform, new Map([[metric, gv]])],
      ]);
      if (pointWidthPct(one, baseline, config.confidence) <= config.targetPct) continue;
      // The verdict's own test (Welch) at the boundary's level: its Fieller interval on Welch's df excludes 1 exactly then.
      if (!verdictOf(describe(gv), describe(bv), level).significant) return false;
    }
  }
  return true;
}

export function decidePoint(point: PointRecord, config: AdaptiveRepetitions, baseline: string): Decision {
  const width = pointWidthPct(point.samples, baseline, config.confidence);
  const widthPct = Number.isFinite(width) ? width : null;
  const note = widthPct === null ? zeroVarianceNote(point.samples) : undefined;
  const known = { widthPct, ...(note ? { unknown: note } : {}) };
  if (point.pending) return { kind: 'wait', ...known };
  // A run that failed after its retries would most likely fail again: stop with what there is, and say so.
  if (point.failed > 0) return { kind: 'stop', reason: 'failed', ...known };
  if (point.rounds < config.min) return { kind: 'more', ...known };
  if (width <= config.targetPct) return { kind: 'stop', reason: 'target', ...known };
  if (config.stopOnDifference && differenceSettled(point.samples, baseline, config, point.rounds)) return { kind: 'stop', reason: 'difference', ...known };
  if (point.rounds >= config.max) return { kind: 'stop', reason: 'cap', ...known };
  return { kind: 'more', ...known };
}
