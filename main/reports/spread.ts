// Run-to-run spread of one metric: the five-number summary of every group's raw values (box plots).
import type { Database } from '../store/database.ts';
import { compareKeys, groupId } from '../analysis/summary.ts';
import type { MetricObservation } from '../analysis/types.ts';
import { aggregateObservations, loadObservations } from '../store/queries/comparison.ts';
import type { SpreadGroup, SpreadResult } from '../contract/results.ts';
import { figureSpecs } from '../analysis/figures.ts';

/** Stored benchmark names whose figures scale over node counts (a 'scaling' panel): their boxes say the node count. */
const scalesOverNodes = (): ReadonlySet<string> =>
  new Set(figureSpecs().flatMap((f) => f.panels.filter((p) => p.kind === 'scaling').map((p) => p.benchmark)));

/** Linear-interpolation quantile of sorted values (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface SpreadOptions { benchmark?: string; metric?: string; platforms?: readonly string[]; baseline?: string }

/**
 * The spread of one metric: the one asked for, else the first of the campaign's metrics (what the Compare page shows
 * first). Only that metric's raw values are read; the list of metrics comes from the rollup.
 */
export function spreadOf(db: Database, campaignId: number, options: SpreadOptions): SpreadResult {
  const groups = new Map<string, { first: MetricObservation; values: number[] }>();
  const metrics = new Map<string, { benchmark: string; metric: string; unit: string }>();
  for (const g of aggregateObservations(db, campaignId)) metrics.set(`${g.benchmark}\u0000${g.metric}`, { benchmark: g.benchmark, metric: g.metric, unit: g.unit });
  const list = [...metrics.values()].sort((a, b) => a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric));
  const first = list[0];
  const benchmark = options.benchmark ?? (options.metric === undefined ? first?.benchmark : undefined);
  const metric = options.metric ?? (options.benchmark === undefined ? first?.metric : list.find((m) => m.benchmark === options.benchmark)?.metric);
  const filter = { ...(benchmark !== undefined ? { benchmark } : {}), ...(metric !== undefined ? { metric } : {}) };
  for (const o of list.length ? loadObservations(db, campaignId, filter) : []) {
    if (options.platforms && o.platform !== options.baseline && !options.platforms.includes(o.platform)) continue;
    const id = groupId(o);
    const g = groups.get(id);
    if (g) g.values.push(o.value);
    else groups.set(id, { first: o, values: [o.value] });
  }
  const out: SpreadGroup[] = [];
  const scaling = scalesOverNodes();
  for (const { first: f, values } of groups.values()) {
    values.sort((a, b) => a - b);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : null;
    out.push({
      platform: f.platform, benchmark: f.benchmark, metric: f.metric, point: f.point, nodeCount: f.nodeCount,
      x: f.nodeCount > 1 && scaling.has(f.benchmark) ? `${f.point}@${f.nodeCount}` : f.point || '(all)', unit: f.unit, n: values.length,
      min: values[0]!, q1: quantile(values, 0.25), median: quantile(values, 0.5), q3: quantile(values, 0.75), max: values[values.length - 1]!,
      cv: sd !== null && mean !== 0 ? sd / Math.abs(mean) : null,
    });
  }
  return {
    campaignId,
    metrics: list,
    groups: out.sort(compareKeys),
  };
}
