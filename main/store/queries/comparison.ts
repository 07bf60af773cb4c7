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

export interface CampaignPlatform {
  name: string;
  technology: string;
  product: string;
  version: string | null;
  isBaseline: boolean;
}

const OBS_COLS = `p.name AS platform, r.benchmark AS benchmark, m.name AS metric, m.point AS point, r.node_count AS nodeCount,
  m.value AS value, m.unit AS unit, m.better AS better, r.id AS runId`;

function where(filter: ComparisonFilter): string {
  return [
    "r.campaign_id = @campaignId AND r.state = 'done'",
    filter.benchmark !== undefined ? 'r.benchmark = @benchmark' : '',
    filter.metric !== undefined ? 'm.name = @metric' : '',
  ]
    .filter(Boolean)
    .join(' AND ');
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
  campaignId,
  ...(f.benchmark !== undefined ? { benchmark: f.benchmark } : {}),
  ...(f.metric !== undefined ? { metric: f.metric } : {}),
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
  const s = stmt(
    db,
    `scan:${shape(filter)}`,
    () => `SELECT p.name AS platform, r.benchmark AS benchmark, m.name AS metric, m.point AS point,
      r.node_count AS nodeCount, m.unit AS unit, m.better AS better, ${MOMENT_COLS}
    ${FROM} WHERE ${where(filter)}
    GROUP BY r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better`,
  );
  return s.all(bind(campaignId, filter)) as GroupMoments[];
}

/** Recomputes one campaign's rollup from its metrics (after a change the triggers could not apply incrementally). */
export function rebuildRollup(db: Database, campaignId: number): void {
  const del = stmt(db, 'rollup:delete', () => 'DELETE FROM metric_rollup WHERE campaign_id = ?');
  const fill = stmt(
    db,
    'rollup:fill',
    () => `INSERT INTO metric_rollup (campaign_id, platform_id, benchmark, metric, point, node_count, unit, better, n, sum, sum_sq, min, max)
    SELECT r.campaign_id, r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better, ${MOMENT_COLS}
    FROM runs r JOIN metrics m ON m.run_id = r.id WHERE r.campaign_id = ? AND r.state = 'done'
    GROUP BY r.platform_id, r.benchmark, m.name, m.point, r.node_count, m.unit, m.better`,
  );
  const fresh = stmt(db, 'rollup:fresh', () => 'DELETE FROM metric_rollup_stale WHERE campaign_id = ?');
  db.transaction(() => {
    del.run(campaignId);
    fill.run(campaignId);
    fresh.run(campaignId);
  }).immediate();
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
export function aggregateObservations(db: Database, campaignId: number, filter: ComparisonFilter = {}): readonly GroupMoments[] {
  if (filter.benchmark === undefined && filter.metric === undefined) return campaignMoments(db, campaignId);
  return readAggregate(db, campaignId, filter);
}

function readAggregate(db: Database, campaignId: number, filter: ComparisonFilter): GroupMoments[] {
  if (!rollupReadable(db, campaignId)) return scanAggregate(db, campaignId, filter);
  const conds = [
    'g.campaign_id = @campaignId',
    filter.benchmark !== undefined ? 'g.benchmark = @benchmark' : '',
    filter.metric !== undefined ? 'g.metric = @metric' : '',
  ]
    .filter(Boolean)
    .join(' AND ');
  // Rows as arrays, made into objects here: better-sqlite3 builds a row object through V8's API, several times slower
  // than an object literal (a whole campaign's 2,000 groups cost most of a Compare call that way).
  const s = stmt(
    db,
    `rollup:${shape(filter)}`,
    () => `SELECT p.name, g.benchmark, g.metric, g.point, g.node_count, g.unit, g.better, g.n, g.sum, g.sum_sq, g.min, g.max
    FROM metric_rollup g JOIN platforms p ON p.id = g.platform_id WHERE ${conds}`,
  ).raw(true);
  const rows = s.all(bind(campaignId, filter)) as [
    string,
    string,
    string,
    string,
    number,
    string,
    GroupMoments['better'],
    number,
    number,
    number,
    number,
    number,
  ][];
  const out: GroupMoments[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = {
      platform: r[0],
      benchmark: r[1],
      metric: r[2],
      point: r[3],
      nodeCount: r[4],
      unit: r[5],
      better: r[6],
      n: r[7],
      sum: r[8],
      sumSq: r[9],
      min: r[10],
      max: r[11],
    };
  }
  return out;
}

/**
 * What any change to the database since changes its token: commits of other connections (data_version) and this
 * connection's own inserts, updates and deletes, trigger programs included (total_changes).
 */
function changeToken(db: Database): string {
  const r = stmt(db, 'token', () => 'SELECT total_changes() AS own, data_version AS others FROM pragma_data_version()').get() as {
    own: number;
    others: number;
  };
  return `${r.own}:${r.others}`;
}

const remembered = new WeakMap<Database, Map<number, { token: string; rows: readonly GroupMoments[] }>>();

/**
 * Every rollup group of a campaign, read once per change of the database: the Compare page asks for its figures,
 * overview and spread at once, and each starts from these rows. Shared and frozen: callers map, never mutate.
 */
export function campaignMoments(db: Database, campaignId: number): readonly GroupMoments[] {
  let byCampaign = remembered.get(db);
  if (!byCampaign) remembered.set(db, (byCampaign = new Map()));
  const readable = rollupReadable(db, campaignId); // a stale rollup is rebuilt first, which changes the token
  const token = changeToken(db);
  const hit = byCampaign.get(campaignId);
  if (hit && hit.token === token) return hit.rows;
  const rows = readable ? readAggregate(db, campaignId, {}) : scanAggregate(db, campaignId, {});
  for (const r of rows) Object.freeze(r);
  const frozen = Object.freeze(rows);
  byCampaign.set(campaignId, { token, rows: frozen });
  return frozen;
}

const FAILED_STATES = "('failed', 'interrupted', 'cancelled')";

/** The latest attempt of every plan entry that ended without a result; entries retried since are not failures. */
export function loadFailedRuns(db: Database, campaignId: number, filter: Pick<ComparisonFilter, 'benchmark'> = {}): FailedRun[] {
  const s = stmt(
    db,
    `failed:${filter.benchmark !== undefined ? 'b' : ''}`,
    () => `SELECT r.id AS runId, p.name AS platform, r.benchmark AS benchmark,
      r.params_json AS paramsJson, r.node_count AS nodeCount, r.state AS state, r.error AS error
    FROM runs r JOIN platforms p ON p.id = r.platform_id
    WHERE r.campaign_id = @campaignId AND r.state IN ${FAILED_STATES} ${filter.benchmark !== undefined ? 'AND r.benchmark = @benchmark' : ''}
      AND NOT EXISTS (SELECT 1 FROM runs later WHERE later.campaign_id = r.campaign_id AND later.plan_index = r.plan_index AND later.attempt > r.attempt)
    ORDER BY r.plan_index`,
  );
  const rows = s.all(bind(campaignId, filter)) as {
    runId: number;
    platform: string;
    benchmark: string;
    paramsJson: string;
    nodeCount: number;
    state: FailedRun['state'];
    error: string | null;
  }[];
  return rows.map((r) => ({
    runId: r.runId,
    platform: r.platform,
    benchmark: r.benchmark,
    params: JSON.parse(r.paramsJson) as Record<string, unknown>,
    nodeCount: r.nodeCount,
    state: r.state,
    reason: r.error?.trim() || `run ${r.state}`,
  }));
}

/** The stored benchmark names the campaign has runs of, in any state (what it set out to measure). */
export function campaignBenchmarks(db: Database, campaignId: number): string[] {
  // From one name to the next on runs_by_campaign_benchmark (migration 012): a probe per benchmark, not a read of
  // every run. Ascending by construction, as ORDER BY benchmark.
  const s = stmt(
    db,
    'benchmarks',
    () => `WITH RECURSIVE b(name) AS (
      SELECT (SELECT min(benchmark) FROM runs WHERE campaign_id = @c)
      UNION ALL SELECT (SELECT min(benchmark) FROM runs WHERE campaign_id = @c AND benchmark > b.name) FROM b WHERE b.name IS NOT NULL)
    SELECT name FROM b WHERE name IS NOT NULL`,
  );
  return s.pluck().all({ c: campaignId }) as string[];
}

/** The baseline the campaign's scenario names: the one rule for `results compare`, the Compare page and the report
 * (a platform's own baseline flag is only the wizard's default when writing a scenario). */
export function scenarioBaseline(db: Database, campaignId: number): string | undefined {
  const s = stmt(
    db,
    'baseline',
    () => `SELECT json_extract(s.json, '$.baseline') AS baseline FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id = ?`,
  );
  return (s.get(campaignId) as { baseline: string | null } | undefined)?.baseline ?? undefined;
}

/** The platforms a campaign's runs used, the scenario's baseline first. */
export function campaignPlatforms(db: Database, campaignId: number): CampaignPlatform[] {
  const baseline = scenarioBaseline(db, campaignId);
  // The campaign's platform ids one after the other on runs_by_campaign_platform (migration 012), as for benchmarks.
  const s = stmt(
    db,
    'platforms',
    () => `WITH RECURSIVE ids(id) AS (
      SELECT (SELECT min(platform_id) FROM runs WHERE campaign_id = @c)
      UNION ALL SELECT (SELECT min(platform_id) FROM runs WHERE campaign_id = @c AND platform_id > ids.id) FROM ids WHERE ids.id IS NOT NULL)
    SELECT name, technology, product, version FROM platforms WHERE id IN (SELECT id FROM ids WHERE id IS NOT NULL) ORDER BY name`,
  );
  return (s.all({ c: campaignId }) as Omit<CampaignPlatform, 'isBaseline'>[])
    .map((r) => ({ ...r, isBaseline: r.name === baseline }))
    .sort((a, b) => Number(b.isBaseline) - Number(a.isBaseline));
}

/** Each platform's distinct facts snapshots (JSON text) among the campaign's runs: what each platform ran in. */
export function campaignPlatformFacts(db: Database, campaignId: number): { platform: string; json: string }[] {
  // The distinct (platform, snapshot) pairs first: runs share a few snapshots, so only those few JSON texts are read.
  const s = stmt(
    db,
    'platform-facts',
    () => `SELECT p.name AS platform, f.json AS json
    FROM (SELECT DISTINCT platform_id, facts_snapshot_id FROM runs WHERE campaign_id = ? AND facts_snapshot_id IS NOT NULL) x
    JOIN platforms p ON p.id = x.platform_id JOIN facts_snapshots f ON f.id = x.facts_snapshot_id`,
  );
  return s.all(campaignId) as { platform: string; json: string }[];
}
