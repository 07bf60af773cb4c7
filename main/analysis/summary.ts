// Per-group summaries: group observations by (platform, benchmark, metric, point, node count) and describe each group.
import { describe, fromMoments, type DescribeOptions } from './describe.ts';
import { ranksOf, sortByColumns } from './rank-sort.ts';
import type { GroupKey, GroupMoments, MetricObservation, Summary } from './types.ts';

export const groupId = (k: GroupKey): string => [k.platform, k.benchmark, k.metric, k.point, k.nodeCount].join('\u0000');
/** The same measurement on another platform (what a baseline comparison matches on). */
export const pointId = (k: Omit<GroupKey, 'platform'>): string => [k.benchmark, k.metric, k.point, k.nodeCount].join('\u0000');

/** Numeric points in numeric order ('2' < '16'), others alphabetically after them. */
export function comparePoints(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const xn = a !== '' && Number.isFinite(x);
  const yn = b !== '' && Number.isFinite(y);
  if (xn && yn) return x - y;
  if (xn !== yn) return xn ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `a.localeCompare(b)` without its cost per call: localeCompare is defined as comparing with a new Intl.Collator of
 * the same locale and options, so one kept collator orders exactly the same. */
export const compareText: (a: string, b: string) => number = new Intl.Collator().compare;

export function compareKeys(a: GroupKey, b: GroupKey): number {
  return (
    compareText(a.platform, b.platform) ||
    compareText(a.benchmark, b.benchmark) ||
    compareText(a.metric, b.metric) ||
    comparePoints(a.point, b.point) ||
    a.nodeCount - b.nodeCount
  );
}

/** `items.sort(compareKeys)`, each distinct text compared once (main/analysis/rank-sort.ts): the same order. */
export function sortByKeys<T extends GroupKey>(items: T[]): T[] {
  const platform = ranksOf(
    items.map((x) => x.platform),
    compareText,
  );
  const benchmark = ranksOf(
    items.map((x) => x.benchmark),
    compareText,
  );
  const metric = ranksOf(
    items.map((x) => x.metric),
    compareText,
  );
  const point = ranksOf(
    items.map((x) => x.point),
    comparePoints,
  );
  return sortByColumns(items, [
    (x) => platform.get(x.platform)!,
    (x) => benchmark.get(x.benchmark)!,
    (x) => metric.get(x.metric)!,
    (x) => point.get(x.point)!,
    (x) => x.nodeCount,
  ]);
}

/** Summaries of every group in the observations, sorted by key. A group mixing units or directions is refused. */
export function summarizeObservations(observations: Iterable<MetricObservation>, options: DescribeOptions = {}): Summary[] {
  const groups = new Map<string, { first: MetricObservation; values: number[] }>();
  for (const o of observations) {
    const id = groupId(o);
    const g = groups.get(id);
    if (!g) {
      groups.set(id, { first: o, values: [o.value] });
      continue;
    }
    if (g.first.unit !== o.unit || g.first.better !== o.better) {
      throw new RangeError(
        `${o.platform}/${o.benchmark}/${o.metric}@${o.point}: run ${o.runId} reports ${o.unit} (${o.better} is better) but run ${g.first.runId} ${g.first.unit} (${g.first.better})`,
      );
    }
    g.values.push(o.value);
  }
  const out: Summary[] = [];
  for (const { first: f, values } of groups.values()) {
    out.push({
      platform: f.platform,
      benchmark: f.benchmark,
      metric: f.metric,
      point: f.point,
      nodeCount: f.nodeCount,
      unit: f.unit,
      better: f.better,
      ...describe(values, options),
    });
  }
  return sortByKeys(out);
}

/**
 * A summary from SQL moments (n, sum, sum of squares, min, max): no median. The one-pass variance loses precision when
 * the spread is tiny relative to the mean (catastrophic cancellation); it is clamped at 0 and fine for benchmark data,
 * whose CVs are far above 1e-8.
 */
export function summarizeMoments(g: GroupMoments, options: DescribeOptions = {}): Summary {
  const mean = g.sum / g.n;
  const variance = g.n >= 2 ? Math.max(0, (g.sumSq - (g.sum * g.sum) / g.n) / (g.n - 1)) : null;
  const d = fromMoments(g.n, mean, variance === null ? null : Math.sqrt(variance), g.min, g.max, null, options);
  // Written out, not spread: a whole campaign makes thousands of these (same properties, same order as describe's).
  return {
    platform: g.platform,
    benchmark: g.benchmark,
    metric: g.metric,
    point: g.point,
    nodeCount: g.nodeCount,
    unit: g.unit,
    better: g.better,
    n: d.n,
    mean: d.mean,
    median: d.median,
    sd: d.sd,
    min: d.min,
    max: d.max,
    ci: d.ci,
    cv: d.cv,
    noisy: d.noisy,
  };
}
