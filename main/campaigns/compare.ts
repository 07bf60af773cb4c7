// The comparison of a campaign: mean per (benchmark, metric, point, nodes, platform) and each platform relative
// to the scenario's baseline, through the analysis module. Deterministic order, so two databases holding the
// same campaign (e.g. after a bundle round trip) print the same table.
import type { Database } from '../store/database.ts';
import type { ComparisonRow } from '../contract/campaigns.ts';
import { summarizeMoments, sortByKeys, compareText, comparePoints } from '../analysis/summary.ts';
import { ranksOf, sortByColumns } from '../analysis/rank-sort.ts';
import { relativeToBaseline } from '../analysis/relative.ts';
import type { GroupKey, Relative, Summary } from '../analysis/types.ts';
import { aggregateObservations, scenarioBaseline, type ComparisonFilter } from '../store/queries/comparison.ts';

export interface Comparison {
  baseline: string;
  rows: ComparisonRow[];
}

export function campaignBaseline(db: Database, campaignId: number): string {
  const baseline = scenarioBaseline(db, campaignId);
  if (!baseline) throw new Error(`campaign ${campaignId} does not exist or its scenario names no baseline`);
  return baseline;
}

// `a.localeCompare(b, 'en', { numeric: true })` with its collator made once, not once per comparison (same order).
const pointOrder: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The relative of each summary, as a map keyed by its group (platform, benchmark, metric, point, node count) gave:
 * found by the summary object itself, with no key text built per group. Two summaries share a group only when their
 * units differ, and then the map gave both the group's last relative: such a campaign (or one whose points tie in
 * order, like '1' and '1.0', which could separate a group's summaries) takes the keyed map.
 */
function relativeOfGroups(summaries: readonly Summary[], relatives: readonly Relative[]): (Relative | undefined)[] {
  for (let i = 1; i < summaries.length; i++) {
    const a = summaries[i - 1]!;
    const b = summaries[i]!;
    if (a.platform !== b.platform || a.benchmark !== b.benchmark || a.metric !== b.metric) continue;
    if (a.point === b.point ? a.nodeCount === b.nodeCount : comparePoints(a.point, b.point) === 0) {
      const key = (k: GroupKey) => `${k.platform}\0${k.benchmark}\0${k.metric}\0${k.point}\0${k.nodeCount}`;
      const byKey = new Map(relatives.map((r) => [key(r), r]));
      return summaries.map((x) => byKey.get(key(x)));
    }
  }
  const own = new Map<Summary, Relative>();
  for (const r of relatives) own.set(r.guest, r);
  return summaries.map((x) => own.get(x));
}

export function compareCampaign(db: Database, campaignId: number, filter: ComparisonFilter = {}): Comparison {
  const baseline = campaignBaseline(db, campaignId);
  // Moments from the metric rollup: the cost grows with the groups compared, not with the values stored.
  const summaries = sortByKeys(aggregateObservations(db, campaignId, filter).map((g) => summarizeMoments(g)));
  const { relatives } = relativeToBaseline(summaries, { baseline });
  const rel = relativeOfGroups(summaries, relatives);
  const rows: ComparisonRow[] = summaries.map((s, i) => {
    const r = rel[i];
    const kind = s.better === 'lower' ? 'ratio' : 'percent';
    return {
      benchmark: s.benchmark,
      metric: s.metric,
      point: s.point,
      nodeCount: s.nodeCount,
      platform: s.platform,
      unit: s.unit,
      better: s.better,
      n: s.n,
      ci: s.ci,
      noisy: s.noisy,
      mean: s.mean,
      sd: s.sd,
      relative: s.platform === baseline ? (kind === 'ratio' ? 1 : 100) : (r?.value ?? null),
      relativeKind: kind,
      relativeCi: s.platform === baseline ? null : (r?.ci ?? null),
      significant: s.platform === baseline || !r || r.p === null ? null : r.significant,
    };
  });
  // Each point's platforms side by side, the baseline first; points in natural order (64 before 1024). Each distinct
  // text ranked once (analysis/rank-sort.ts): the order of comparing the texts themselves.
  const benchmark = ranksOf(
    rows.map((r) => r.benchmark),
    compareText,
  );
  const metric = ranksOf(
    rows.map((r) => r.metric),
    compareText,
  );
  const point = ranksOf(
    rows.map((r) => r.point),
    pointOrder,
  );
  const platform = ranksOf(
    rows.map((r) => r.platform),
    compareText,
  );
  sortByColumns(rows, [
    (r) => benchmark.get(r.benchmark)!,
    (r) => metric.get(r.metric)!,
    (r) => point.get(r.point)!,
    (r) => r.nodeCount,
    (r) => Number(r.platform !== baseline),
    (r) => platform.get(r.platform)!,
  ]);
  return { baseline, rows };
}
