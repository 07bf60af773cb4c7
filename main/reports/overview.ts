// The overview heatmap: one number per platform and benchmark group saying how far behind the baseline it is.
import { pairWithBaseline } from '../analysis/relative.ts';
import { allModules } from '../benchmarks/registry.ts';
import type { OverviewCell, OverviewResult } from '../contract/results.ts';
import type { CampaignData } from './figures.ts';

/** Rows of the heatmap: every module's headlines in registry order (the paper's first); other measured (benchmark,
 * metric) pairs follow under their own names. */
export const OVERVIEW_GROUPS: readonly { label: string; benchmark: string; metric: string }[] = allModules().flatMap((m) => [...m.headlines]);
/** Stored benchmark names whose points are read per node count (scaling figures). */
const SCALING = new Set(allModules().flatMap((m) => m.figures.flatMap((f) => f.panels.filter((p) => p.kind === 'scaling').map((p) => p.benchmark))));

/** Metrics that restate a headline in another unit or as its inverse (MB/s of kB/s, Mop/s of time, rate of latency). */
const RESTATED = [/_MBps$/, /\/mops_/, /\/transaction_rate$/, /\/rtt_mean$/, /\/rtt_(min|max|stddev)$/];
export const restates = (key: string): boolean => RESTATED.some((re) => re.test(key));

/**
 * Slowdown factor at a point: guest/base for lower-is-better, base/guest for higher-is-better; the group's overhead is
 * (geometric mean of the factors - 1) x 100, so halving bandwidth and doubling run time both read as 100%.
 */
export function overviewOf(campaignId: number, data: CampaignData): OverviewResult {
  // Only the means are used: the pairs without their intervals and tests (a t quantile per pair, most of the cost).
  const relatives = pairWithBaseline(data.summaries, data.baseline).pairs.map(({ guest, base }) => ({
    platform: guest.platform,
    benchmark: guest.benchmark,
    metric: guest.metric,
    point: guest.point,
    nodeCount: guest.nodeCount,
    guest,
    base,
  }));
  const cells: OverviewCell[] = [];
  const groups: string[] = [];
  const known = new Set(OVERVIEW_GROUPS.map((g) => `${g.benchmark}/${g.metric}`));
  const extra = [...new Set(relatives.map((r) => `${r.benchmark}/${r.metric}`))]
    .filter((k) => !known.has(k) && !restates(k))
    .sort()
    .map((k) => ({ label: k, benchmark: k.split('/')[0]!, metric: k.split('/').slice(1).join('/') }));
  const others = data.platforms.map((p) => p.name).filter((p) => p !== data.baseline && data.summaries.some((s) => s.platform === p));
  for (const g of [...OVERVIEW_GROUPS, ...extra]) {
    const rows = relatives.filter((r) => r.benchmark === g.benchmark && r.metric === g.metric);
    if (rows.length === 0) continue;
    groups.push(g.label);
    for (const platform of others) {
      const mine = rows
        .map((r) => {
          const factor = r.platform === platform ? (r.guest.better === 'lower' ? r.guest.mean / r.base.mean : r.base.mean / r.guest.mean) : NaN;
          return { r, factor };
        })
        .filter((x) => x.r.platform === platform && Number.isFinite(x.factor) && x.factor > 0);
      if (mine.length === 0) continue;
      const logMean = mine.reduce((s, x) => s + Math.log(x.factor), 0) / mine.length;
      const worst = mine.reduce((a, b) => (b.factor > a.factor ? b : a));
      const x = SCALING.has(worst.r.benchmark) ? `${worst.r.point} @ ${worst.r.nodeCount} nodes` : worst.r.point;
      cells.push({
        platform,
        group: g.label,
        overheadPct: (Math.exp(logMean) - 1) * 100,
        points: mine.length,
        worst: { x, overheadPct: (worst.factor - 1) * 100 },
      });
    }
  }
  return { campaignId, baseline: data.baseline, platforms: others, groups, cells };
}
