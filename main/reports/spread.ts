// Run-to-run spread of one metric: the five-number summary of every group's raw values (box plots).
import type { Database } from 'better-sqlite3';
import { campaignObservations } from './campaign-cache.ts';
import { compareKeys, groupId } from '../analysis/summary.ts';
import type { MetricObservation } from '../analysis/types.ts';
import type { SpreadGroup, SpreadResult } from '../contract/results.ts';

/** Linear-interpolation quantile of sorted values (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface SpreadOptions { benchmark?: string; metric?: string; platforms?: readonly string[]; baseline?: string }

export function spreadOf(db: Database, campaignId: number, options: SpreadOptions): SpreadResult {
  const groups = new Map<string, { first: MetricObservation; values: number[] }>();
  const metrics = new Map<string, { benchmark: string; metric: string; unit: string }>();
  for (const o of campaignObservations(db, campaignId)) {
    metrics.set(`${o.benchmark}\u0000${o.metric}`, { benchmark: o.benchmark, metric: o.metric, unit: o.unit });
    if (options.platforms && o.platform !== options.baseline && !options.platforms.includes(o.platform)) continue;
    if (options.benchmark !== undefined && o.benchmark !== options.benchmark) continue;
    if (options.metric !== undefined && o.metric !== options.metric) continue;
    const id = groupId(o);
    const g = groups.get(id);
    if (g) g.values.push(o.value);
    else groups.set(id, { first: o, values: [o.value] });
  }
  const out: SpreadGroup[] = [];
  for (const { first: f, values } of groups.values()) {
    values.sort((a, b) => a - b);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : null;
    out.push({
      platform: f.platform, benchmark: f.benchmark, metric: f.metric, point: f.point, nodeCount: f.nodeCount, unit: f.unit, n: values.length,
      min: values[0]!, q1: quantile(values, 0.25), median: quantile(values, 0.5), q3: quantile(values, 0.75), max: values[values.length - 1]!,
      cv: sd !== null && mean !== 0 ? sd / Math.abs(mean) : null,
    });
  }
  return {
    campaignId,
    metrics: [...metrics.values()].sort((a, b) => a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric)),
    groups: out.sort(compareKeys),
  };
}
