// Run-to-run spread of one metric: the five-number summary of every group's raw values (box plots).
import type { Database } from '../store/database.ts';
import { compareText, groupId, sortByKeys } from '../analysis/summary.ts';
import type { MetricObservation } from '../analysis/types.ts';
import { loadObservations } from '../store/queries/comparison.ts';
import { measuredMetrics, saveSpreads, spreadRows } from '../store/queries/metric-spread.ts';
import type { SpreadGroup, SpreadResult } from '../contract/results.ts';
import { figureSpecs } from '../analysis/figures.ts';

/** Stored benchmark names whose figures scale over node counts (a 'scaling' panel): their boxes say the node count. */
const scalesOverNodes = (): ReadonlySet<string> => new Set(figureSpecs().flatMap((f) => f.panels.filter((p) => p.kind === 'scaling').map((p) => p.benchmark)));

/** Linear-interpolation quantile of sorted values (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface SpreadOptions {
  benchmark?: string;
  metric?: string;
  platforms?: readonly string[];
  baseline?: string;
}

interface Spread {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  cv: number | null;
}

/** The five-number summary and coefficient of variation of one group's values (sorted in place). */
function spreadOfValues(values: number[]): Spread {
  values.sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : null;
  return {
    n: values.length,
    min: values[0]!,
    q1: quantile(values, 0.25),
    median: quantile(values, 0.5),
    q3: quantile(values, 0.75),
    max: values[values.length - 1]!,
    cv: sd !== null && mean !== 0 ? sd / Math.abs(mean) : null,
  };
}

type Keyed = Omit<MetricObservation, 'value' | 'runId'>;

/** Every group of the filter computed from its raw values (all platforms: what is computed is also remembered). */
function fromValues(db: Database, campaignId: number, filter: { benchmark?: string; metric?: string }): { key: Keyed; spread: Spread }[] {
  const groups = new Map<string, { first: MetricObservation; values: number[] }>();
  for (const o of loadObservations(db, campaignId, filter)) {
    const id = groupId(o);
    const g = groups.get(id);
    if (g) g.values.push(o.value);
    else groups.set(id, { first: o, values: [o.value] });
  }
  return [...groups.values()].map(({ first: f, values }) => ({
    key: { platform: f.platform, benchmark: f.benchmark, metric: f.metric, point: f.point, nodeCount: f.nodeCount, unit: f.unit, better: f.better },
    spread: spreadOfValues(values),
  }));
}

/**
 * The groups of one (benchmark, metric): the spreads remembered in the rollup when every group has one for its
 * current values; otherwise computed from the raw values once and remembered (a writable database). A group mixing
 * units (two rollup rows) is only ever computed from the values, as one group.
 */
function metricGroups(db: Database, campaignId: number, filter: { benchmark?: string; metric?: string }): { key: Keyed; spread: Spread }[] {
  if (filter.benchmark === undefined || filter.metric === undefined) return fromValues(db, campaignId, filter);
  const rows = spreadRows(db, campaignId, filter.benchmark, filter.metric);
  const single = rows !== undefined && new Set(rows.map(groupId)).size === rows.length;
  if (single && rows.every((r) => r.spread !== null)) {
    return rows.map(({ spread, n, min, max, ...key }) => ({
      key: { ...key, better: key.better as MetricObservation['better'] },
      spread: { n, min, max, ...spread! },
    }));
  }
  const computed = fromValues(db, campaignId, filter);
  if (single)
    saveSpreads(
      db,
      campaignId,
      computed.map(({ key, spread }) => ({ ...key, ...spread })),
    );
  return computed;
}

/**
 * The spread of one metric: the one asked for, else the first of the campaign's metrics (what the Compare page shows
 * first). The list of metrics comes from the rollup's keys, the spread from what the rollup remembers or else that metric's
 * raw values.
 */
export function spreadOf(db: Database, campaignId: number, options: SpreadOptions): SpreadResult {
  const list = measuredMetrics(db, campaignId).sort((a, b) => compareText(a.benchmark, b.benchmark) || compareText(a.metric, b.metric));
  const first = list[0];
  const benchmark = options.benchmark ?? (options.metric === undefined ? first?.benchmark : undefined);
  const metric = options.metric ?? (options.benchmark === undefined ? first?.metric : list.find((m) => m.benchmark === options.benchmark)?.metric);
  const filter = { ...(benchmark !== undefined ? { benchmark } : {}), ...(metric !== undefined ? { metric } : {}) };
  const shown = (platform: string) => !options.platforms || platform === options.baseline || options.platforms.includes(platform);
  const scaling = scalesOverNodes();
  const out: SpreadGroup[] = (list.length ? metricGroups(db, campaignId, filter) : [])
    .filter(({ key }) => shown(key.platform))
    .map(({ key: f, spread }) => ({
      platform: f.platform,
      benchmark: f.benchmark,
      metric: f.metric,
      point: f.point,
      nodeCount: f.nodeCount,
      x: f.nodeCount > 1 && scaling.has(f.benchmark) ? `${f.point}@${f.nodeCount}` : f.point || '(all)',
      unit: f.unit,
      n: spread.n,
      min: spread.min,
      q1: spread.q1,
      median: spread.median,
      q3: spread.q3,
      max: spread.max,
      cv: spread.cv,
    }));
  return {
    campaignId,
    metrics: list,
    groups: sortByKeys(out),
  };
}
