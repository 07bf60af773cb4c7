// Loads what the analysis needs about one campaign: observations of finished runs, failed plan entries, platforms.
// Observation queries start from runs_for_comparison (campaign_id, state, ...) and reach metric values through the
// metrics primary key (run_id, name, point), so cost grows with the campaign, not with the database. Aggregates read
// the trigger-maintained metric_rollup (migration 005), so their cost grows with the number of groups only.
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
export function stmt(db: Database, key: string, sql: () => string): Statement {
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

const MOMENT_COLS = `COUNT(*) AS n, SUM(m.value) AS sum, SUM(m.value * m.value) AS sumSq, MIN(m.value) AS min, MAX(m.value) AS max`;

/**
 * n, sum, sum of squares, min and max per (platform, benchmark, metric, point, node count), computed by SQLite over
 * every metric row of the campaign. The reference for the rollup below, and its fallback on read-only connections.
 */
export function scanAggregate(db: Database, campaignId: number, filter: ComparisonFilter = {}): GroupMoments[] {
  const s = stmt(db, `scan:${shape(filter)}`, () => `SELECT p.name AS platform, r.benchmark AS benchmark, m.name AS metric, m.point AS point,
      r.node_count AS nodeCount, m.unit AS unit, m.better AS better, ${MOMENT_COLS}
    ${FROM} WHERE ${where(filter)}
    GROUP BY r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better`);
  return s.all(bind(campaignId, filter)) as GroupMoments[];
}

/** Recomputes one campaign's rollup from its metrics (after a change the triggers could not apply incrementally). */
export function rebuildRollup(db: Database, campaignId: number): void {
  const del = stmt(db, 'rollup:delete', () => 'DELETE FROM metric_rollup WHERE campaign_id = ?');
  const fill = stmt(db, 'rollup:fill', () => `INSERT INTO metric_rollup (campaign_id, platform_id, benchmark, metric, point, node_count, unit, better, n, sum, sum_sq, min, max)
    SELECT r.campaign_id, r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better, ${MOMENT_COLS}
    FROM runs r JOIN metrics m ON m.run_id = r.id WHERE r.campaign_id = ? AND r.state = 'done'
    GROUP BY r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better`);
  const fresh = stmt(db, 'rollup:fresh', () => 'DELETE FROM metric_rollup_stale WHERE campaign_id = ?');
  db.transaction(() => { del.run(campaignId); fill.run(campaignId); fresh.run(campaignId); }).immediate();
}

function isStale(db: Database, campaignId: number): boolean {
  return stmt(db, 'rollup:stale', () => 'SELECT 1 FROM metric_rollup_stale WHERE campaign_id = ?').get(campaignId) !== undefined;
}

/** True when the campaign's rollup is current (rebuilt first if it was stale); false on a read-only connection to a
 * stale one, whose readers must scan the metrics instead. */
export function rollupReadable(db: Database, campaignId: number): boolean {
  if (!isStale(db, campaignId)) return true;
  if (db.readonly) return false;
  rebuildRollup(db, campaignId);
  return true;
}

/**
 * The same moments as scanAggregate, read from the trigger-maintained rollup (a few rows per group, whatever the
 * number of values). A campaign marked stale is rebuilt first; a read-only connection scans instead.
 */
export function aggregateObservations(db: Database, campaignId: number, filter: ComparisonFilter = {}): GroupMoments[] {
  if (!rollupReadable(db, campaignId)) return scanAggregate(db, campaignId, filter);
  const conds = ['g.campaign_id = @campaignId', filter.benchmark !== undefined ? 'g.benchmark = @benchmark' : '', filter.metric !== undefined ? 'g.metric = @metric' : '']
    .filter(Boolean).join(' AND ');
  const s = stmt(db, `rollup:${shape(filter)}`, () => `SELECT p.name AS platform, g.benchmark AS benchmark, g.metric AS metric, g.point AS point,
      g.node_count AS nodeCount, g.unit AS unit, g.better AS better, g.n AS n, g.sum AS sum, g.sum_sq AS sumSq, g.min AS min, g.max AS max
    FROM metric_rollup g JOIN platforms p ON p.id = g.platform_id WHERE ${conds}`);
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

/** The stored benchmark names the campaign has runs of, in any state (what it set out to measure). */
export function campaignBenchmarks(db: Database, campaignId: number): string[] {
  const s = stmt(db, 'benchmarks', () => 'SELECT DISTINCT benchmark FROM runs WHERE campaign_id = ? ORDER BY benchmark');
  return (s.all(campaignId) as { benchmark: string }[]).map((r) => r.benchmark);
}

/** The baseline the campaign's scenario names: the one rule for `results compare`, the Compare page and the report
 * (a platform's own baseline flag is only the wizard's default when writing a scenario). */
export function scenarioBaseline(db: Database, campaignId: number): string | undefined {
  const s = stmt(db, 'baseline', () => `SELECT json_extract(s.json, '$.baseline') AS baseline FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id = ?`);
  return (s.get(campaignId) as { baseline: string | null } | undefined)?.baseline ?? undefined;
}

/** The platforms a campaign's runs used, the scenario's baseline first. */
export function campaignPlatforms(db: Database, campaignId: number): CampaignPlatform[] {
  const baseline = scenarioBaseline(db, campaignId);
  const s = stmt(db, 'platforms', () => `SELECT name, technology, product, version FROM platforms
    WHERE id IN (SELECT DISTINCT platform_id FROM runs WHERE campaign_id = ?) ORDER BY name`);
  return (s.all(campaignId) as Omit<CampaignPlatform, 'isBaseline'>[])
    .map((r) => ({ ...r, isBaseline: r.name === baseline }))
    .sort((a, b) => Number(b.isBaseline) - Number(a.isBaseline));
}
