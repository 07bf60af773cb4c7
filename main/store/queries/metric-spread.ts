// The spread (quartiles, coefficient of variation) remembered per rollup group (migration 010): read for one
// (benchmark, metric) of a campaign, and written back once computed from the raw values. A remembered spread counts
// only while the group still holds the n values it was computed from.
import type { Database } from 'better-sqlite3';
import { campaignMoments, rollupReadable, stmt } from './comparison.ts';

export interface SpreadRow {
  platform: string;
  benchmark: string;
  metric: string;
  point: string;
  nodeCount: number;
  unit: string;
  better: string;
  n: number;
  min: number;
  max: number;
  /** null unless remembered for exactly these n values. */
  spread: { q1: number; median: number; q3: number; cv: number | null } | null;
}

export interface SpreadValues {
  platform: string;
  benchmark: string;
  metric: string;
  point: string;
  nodeCount: number;
  unit: string;
  better: string;
  n: number;
  q1: number;
  median: number;
  q3: number;
  cv: number | null;
}

export interface MeasuredMetric {
  benchmark: string;
  metric: string;
  unit: string;
}

/**
 * The (benchmark, metric) pairs a campaign's rollup holds, each with the unit of its last group in rollup order (what a
 * pass over every group keeping the last unit gave). Found by skipping from one pair to the next on the rollup's
 * primary key, two probes per pair, instead of reading every group: the spread's first question needs only this list.
 * Unordered. A stale rollup on a read-only connection is answered from the scanned groups.
 */
export function measuredMetrics(db: Database, campaignId: number): MeasuredMetric[] {
  if (!rollupReadable(db, campaignId)) {
    const byPair = new Map<string, MeasuredMetric>();
    for (const g of campaignMoments(db, campaignId)) byPair.set(`${g.benchmark}\u0000${g.metric}`, { benchmark: g.benchmark, metric: g.metric, unit: g.unit });
    return [...byPair.values()];
  }
  const first = stmt(db, 'metrics:first', () => 'SELECT benchmark, metric FROM metric_rollup WHERE campaign_id = ? ORDER BY benchmark, metric LIMIT 1').raw(
    true,
  );
  const next = stmt(
    db,
    'metrics:next',
    () => 'SELECT benchmark, metric FROM metric_rollup WHERE campaign_id = ? AND (benchmark, metric) > (?, ?) ORDER BY benchmark, metric LIMIT 1',
  ).raw(true);
  const lastUnit = stmt(
    db,
    'metrics:unit',
    () => `SELECT unit FROM metric_rollup WHERE campaign_id = ? AND benchmark = ? AND metric = ?
    ORDER BY platform_id DESC, point DESC, node_count DESC, unit DESC, better DESC LIMIT 1`,
  ).pluck();
  const out: MeasuredMetric[] = [];
  let key = first.get(campaignId) as [string, string] | undefined;
  while (key) {
    const [benchmark, metric] = key;
    out.push({ benchmark, metric, unit: lastUnit.get(campaignId, benchmark, metric) as string });
    key = next.get(campaignId, benchmark, metric) as [string, string] | undefined;
  }
  return out;
}

/** The rollup groups of one metric with their remembered spread; undefined when the rollup cannot be read (a stale
 * campaign on a read-only connection): the caller computes from the values. */
export function spreadRows(db: Database, campaignId: number, benchmark: string, metric: string): SpreadRow[] | undefined {
  if (!rollupReadable(db, campaignId)) return undefined;
  const s = stmt(
    db,
    'spread:read',
    () => `SELECT p.name AS platform, g.benchmark AS benchmark, g.metric AS metric, g.point AS point,
      g.node_count AS nodeCount, g.unit AS unit, g.better AS better, g.n AS n, g.min AS min, g.max AS max,
      g.spread_n AS spreadN, g.q1 AS q1, g.median AS median, g.q3 AS q3, g.cv AS cv
    FROM metric_rollup g JOIN platforms p ON p.id = g.platform_id
    WHERE g.campaign_id = ? AND g.benchmark = ? AND g.metric = ?`,
  );
  const rows = s.all(campaignId, benchmark, metric) as (Omit<SpreadRow, 'spread'> & {
    spreadN: number | null;
    q1: number | null;
    median: number | null;
    q3: number | null;
    cv: number | null;
  })[];
  return rows.map(({ spreadN, q1, median, q3, cv, ...r }) => ({
    ...r,
    spread: spreadN === r.n && q1 !== null && median !== null && q3 !== null ? { q1, median, q3, cv } : null,
  }));
}

/** Remembers spreads computed from the values; a group whose n moved on since (a run finished meanwhile) is left
 * as it is. Nothing on a read-only connection. */
export function saveSpreads(db: Database, campaignId: number, spreads: readonly SpreadValues[]): void {
  if (db.readonly || spreads.length === 0) return;
  const s = stmt(
    db,
    'spread:save',
    () => `UPDATE metric_rollup SET spread_n = @n, q1 = @q1, median = @median, q3 = @q3, cv = @cv
    WHERE campaign_id = @campaignId AND benchmark = @benchmark AND metric = @metric AND point = @point AND node_count = @nodeCount
      AND unit = @unit AND better = @better AND n = @n
      AND platform_id = (SELECT id FROM platforms WHERE name = @platform)`,
  );
  db.transaction(() => {
    for (const v of spreads) {
      s.run({
        campaignId,
        benchmark: v.benchmark,
        metric: v.metric,
        point: v.point,
        nodeCount: v.nodeCount,
        unit: v.unit,
        better: v.better,
        n: v.n,
        q1: v.q1,
        median: v.median,
        q3: v.q3,
        cv: v.cv,
        platform: v.platform,
      });
    }
  })();
}
