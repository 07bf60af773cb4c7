// Loads what the analysis needs about one campaign: observations of finished runs, failed plan entries, platforms.
// Every query starts from runs_for_comparison (campaign_id, state, ...) and reaches metric values through the
// metrics primary key (run_id, name, point), so cost grows with the campaign, not with the database.
import type { Database, Statement } from 'better-sqlite3';
import type { FailedRun, GroupMoments, MetricObservation } from '../../analysis/types.ts';

export interface ComparisonFilter {
  benchmark?: string;
  metric?: string;
}

export interface CampaignPlatform { name: string; technology: string; product: string; version: string | null; isBaseline: boolean }

const OBS_COLS = `p.name AS platform, r.benchmark AS benchmark, m.name AS metric, m.point AS point, r.node_count AS nodeCount,
  m.value AS value, m.unit AS unit, m.better AS better, r.id AS runId`;

function where(filter: ComparisonFilter): string {
  return [
    "r.campaign_id = @campaignId AND r.state = 'done'",
    filter.benchmark !== undefined ? 'r.benchmark = @benchmark' : '',
    filter.metric !== undefined ? 'm.name = @metric' : '',
  ].filter(Boolean).join(' AND ');
}

const FROM = 'FROM runs r JOIN metrics m ON m.run_id = r.id JOIN platforms p ON p.id = r.platform_id';

// Statements are compiled once per connection and filter shape.
const cache = new WeakMap<Database, Map<string, Statement>>();
function stmt(db: Database, key: string, sql: () => string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(key);
  if (!s) m.set(key, (s = db.prepare(sql())));
  return s;
}
const shape = (f: ComparisonFilter) => `${f.benchmark !== undefined ? 'b' : ''}${f.metric !== undefined ? 'm' : ''}`;
const bind = (campaignId: number, f: ComparisonFilter) => ({
  campaignId, ...(f.benchmark !== undefined ? { benchmark: f.benchmark } : {}), ...(f.metric !== undefined ? { metric: f.metric } : {}),
});

/** Streams the observations of a campaign's finished runs, one row at a time (constant memory). */
export function iterateObservations(db: Database, campaignId: number, filter: ComparisonFilter = {}): IterableIterator<MetricObservation> {
  const s = stmt(db, `obs:${shape(filter)}`, () => `SELECT ${OBS_COLS} ${FROM} WHERE ${where(filter)}`);
  return s.iterate(bind(campaignId, filter)) as IterableIterator<MetricObservation>;
}

export function loadObservations(db: Database, campaignId: number, filter: ComparisonFilter = {}): MetricObservation[] {
  const s = stmt(db, `obs:${shape(filter)}`, () => `SELECT ${OBS_COLS} ${FROM} WHERE ${where(filter)}`);
  return s.all(bind(campaignId, filter)) as MetricObservation[];
}

/**
 * n, sum, sum of squares, min and max per (platform, benchmark, metric, point, node count), computed inside SQLite:
 * for big campaigns, where moving every value into JavaScript would dominate. No median on this path.
 */
export function aggregateObservations(db: Database, campaignId: number, filter: ComparisonFilter = {}): GroupMoments[] {
  const s = stmt(db, `agg:${shape(filter)}`, () => `SELECT p.name AS platform, r.benchmark AS benchmark, m.name AS metric, m.point AS point,
      r.node_count AS nodeCount, m.unit AS unit, m.better AS better,
      COUNT(*) AS n, SUM(m.value) AS sum, SUM(m.value * m.value) AS sumSq, MIN(m.value) AS min, MAX(m.value) AS max
    ${FROM} WHERE ${where(filter)}
    GROUP BY r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better`);
  return s.all(bind(campaignId, filter)) as GroupMoments[];
}

const FAILED_STATES = "('failed', 'interrupted', 'cancelled')";

/** The latest attempt of every plan entry that ended without a result; entries retried since are not failures. */
export function loadFailedRuns(db: Database, campaignId: number, filter: Pick<ComparisonFilter, 'benchmark'> = {}): FailedRun[] {
  const s = stmt(db, `failed:${filter.benchmark !== undefined ? 'b' : ''}`, () => `SELECT r.id AS runId, p.name AS platform, r.benchmark AS benchmark,
      r.params_json AS paramsJson, r.node_count AS nodeCount, r.state AS state, r.error AS error
    FROM runs r JOIN platforms p ON p.id = r.platform_id
    WHERE r.campaign_id = @campaignId AND r.state IN ${FAILED_STATES} ${filter.benchmark !== undefined ? 'AND r.benchmark = @benchmark' : ''}
      AND NOT EXISTS (SELECT 1 FROM runs later WHERE later.campaign_id = r.campaign_id AND later.plan_index = r.plan_index AND later.attempt > r.attempt)
    ORDER BY r.plan_index`);
  const rows = s.all(bind(campaignId, filter)) as {
    runId: number; platform: string; benchmark: string; paramsJson: string; nodeCount: number; state: FailedRun['state']; error: string | null;
  }[];
  return rows.map((r) => ({
    runId: r.runId, platform: r.platform, benchmark: r.benchmark, params: JSON.parse(r.paramsJson) as Record<string, unknown>,
    nodeCount: r.nodeCount, state: r.state, reason: r.error?.trim() || `run ${r.state}`,
  }));
}

/** The platforms a campaign's runs used, baseline first. */
export function campaignPlatforms(db: Database, campaignId: number): CampaignPlatform[] {
  const s = stmt(db, 'platforms', () => `SELECT name, technology, product, version, is_baseline AS isBaseline FROM platforms
    WHERE id IN (SELECT DISTINCT platform_id FROM runs WHERE campaign_id = ?) ORDER BY is_baseline DESC, name`);
  return (s.all(campaignId) as (Omit<CampaignPlatform, 'isBaseline'> & { isBaseline: number })[]).map((r) => ({ ...r, isBaseline: r.isBaseline === 1 }));
}
